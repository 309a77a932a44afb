using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;
using DotnetLive.Protocol.Wire;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.Targets.Docker;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Targets.Kubernetes;

/// <summary>
/// What the kubernetes target applies: the user's <c>LiveManifests</c>, or else a generated Deployment
/// (+ a Service for a web project), and a Secret with the synclets' token. In the Deployment, the
/// container whose image is the project's is taken over: it runs the dev image, and its command is the
/// synclet (bound to 127.0.0.1 in the pod), which starts the app with the container's own args.
/// </summary>
internal sealed record Workload(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects, V1Deployment Deployment, string Container, string Selector, int AppPort)
{
    public const string ManagedBy = "app.kubernetes.io/managed-by";

    /// <summary>The <see cref="ManagedBy"/> label's value on everything the tool applies: what makes an object ours.</summary>
    public const string Manager = "dotnet-live";
    public const string SessionAnnotation = "dotnet-live.dev/session";
    public const string TokenKey = "token";

    /// <summary>The volume of the Secret that holds the token, mounted where the synclet reads it.</summary>
    public const string TokenVolume = "dotnet-live-token";

    public IEnumerable<AppliedObject> Applied => Objects.Select(o => new AppliedObject(o.Kind, o.Metadata.Name));

    /// <param name="service">The service the app's telemetry is named as (each pod its own instance).</param>
    /// <param name="otherServices">The images of the session's other services: their Deployments, in manifests the services share, are theirs to apply.</param>
    public static Workload Create(ProjectModel project, LaunchProfile profile, string image, string token, string service, IReadOnlyCollection<string>? otherServices = null)
    {
        var settings = project.Kubernetes;
        var objects = settings.Manifests.Count > 0 ? Load(settings.Manifests) : Generate(project);
        var (deployment, container) = AppContainer(objects, settings.ImageName);
        if (deployment is null || container is null)
        {
            throw new LiveException(Messages.NoAppContainer, settings.ImageName);
        }

        objects.RemoveAll(o => o is V1Deployment other && other != deployment
            && (other.Spec?.Template?.Spec?.Containers ?? []).Any(c => (otherServices ?? []).Any(name => ImageReference.Names(c.Image, name))));

        var labels = deployment.Spec.Selector?.MatchLabels;
        if (labels is null || labels.Count == 0)
        {
            throw new LiveException(Messages.BadManifest, "Deployment/" + deployment.Metadata.Name, "its spec.selector has no matchLabels; dotnet live finds the pods by them.");
        }

        var secret = new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta { Name = $"{deployment.Metadata.Name}-dotnet-live" },
            Type = "Opaque",
            Data = new Dictionary<string, byte[]> { [TokenKey] = Encoding.UTF8.GetBytes(token) },
        };
        var appPort = (container.Ports?.FirstOrDefault(p => p.Name == "http") ?? container.Ports?.FirstOrDefault())?.ContainerPort ?? PortMapping.AspNetCorePort;
        TakeOver(deployment.Spec.Template.Spec, container, project, profile, image, secret.Metadata.Name, appPort, service);

        // The pods of this session are those of exactly this template (and token: a running synclet
        // keeps the token it started with), so a new one makes new pods and old pods are told apart.
        var template = deployment.Spec.Template.Metadata ??= new V1ObjectMeta();
        template.Annotations ??= new Dictionary<string, string>();
        template.Annotations.Remove(SessionAnnotation);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(token + "\n" + KubernetesJson.Serialize(deployment.Spec.Template)));
        template.Annotations[SessionAnnotation] = Convert.ToHexStringLower(digest)[..16];

        var all = new List<IKubernetesObject<V1ObjectMeta>> { secret };
        all.AddRange(objects);
        foreach (var item in all)
        {
            item.Metadata.Labels ??= new Dictionary<string, string>();
            item.Metadata.Labels[ManagedBy] = Manager;
        }

        var selector = string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
        return new Workload(all, deployment, container.Name, selector, appPort);
    }

    /// <summary>
    /// Where the other services reach the app in the cluster: the generated Service's DNS name (port 80),
    /// or, with <c>LiveManifests</c>, that of the Service there that selects the app's pods, at its first port.
    /// </summary>
    public static IReadOnlyList<Uri> PeerUrls(ProjectModel project)
    {
        if (project.Kubernetes.Manifests.Count == 0)
        {
            return [new Uri($"http://{DnsName(project.Name)}")];
        }

        var objects = Load(project.Kubernetes.Manifests);
        var labels = AppContainer(objects, project.Kubernetes.ImageName).Deployment?.Spec?.Template?.Metadata?.Labels ?? new Dictionary<string, string>();
        return objects.OfType<V1Service>()
            .Where(s => s.Spec?.Selector is { Count: > 0 } selector && selector.All(l => labels.TryGetValue(l.Key, out var value) && value == l.Value) && s.Spec.Ports is { Count: > 0 })
            .Take(1)
            .Select(s => new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{s.Metadata.Name}:{s.Spec.Ports[0].Port}")))
            .ToList();
    }

    private static (V1Deployment? Deployment, V1Container? Container) AppContainer(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects, string imageName) =>
        objects.OfType<V1Deployment>()
            .SelectMany(d => (d.Spec?.Template?.Spec?.Containers ?? []).Select(c => (Deployment: (V1Deployment?)d, Container: (V1Container?)c)))
            .FirstOrDefault(p => ImageReference.Names(p.Container!.Image, imageName));

    private static void TakeOver(V1PodSpec pod, V1Container container, ProjectModel project, LaunchProfile profile, string image, string secret, int appPort, string service)
    {
        List<string> args =
        [
            "--root", BuildContext.AppRoot,
            "--token-file", BuildContext.TokenFile,
            "--bind", "127.0.0.1",
            "--port", BuildContext.SyncletPort.ToString(CultureInfo.InvariantCulture),
            "--entry", project.TargetFileName,
            .. new TelemetryRoute(service, null).SyncletArguments(perReplica: true),
        ];
        if (project.BuildsInCluster)
        {
            args.AddRange(["--source-root", BuildContext.SourceRoot]);
        }

        if (project.IsWeb)
        {
            args.AddRange(["--ready-url", $"http://127.0.0.1:{appPort.ToString(CultureInfo.InvariantCulture)}/"]);
        }

        if (container.Args is { Count: > 0 } appArgs)
        {
            args.Add("--");
            args.AddRange(appArgs);
        }

        container.Image = image;
        container.Command = ["dotnet", $"{BuildContext.Root}/synclet/DotnetLive.Synclet.dll"];
        container.Args = args;

        // The image holds no app until the tool ships it, and the synclet keeps the container up while the
        // app restarts or has crashed: probes would keep the pod from ever being ready, or kill the container
        // (and the binaries shipped into it). The synclet does the app's readiness check itself (--ready-url).
        container.ReadinessProbe = null;
        container.LivenessProbe = null;
        container.StartupProbe = null;

        var env = container.Env ?? [];
        var appEnvironment = profile.AppEnvironment();
        appEnvironment.Remove("ASPNETCORE_URLS"); // The pod listens on ASPNETCORE_HTTP_PORTS, as in the official images.
        foreach (var (name, value) in appEnvironment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (env.All(e => e.Name != name))
            {
                env.Add(new V1EnvVar { Name = name, Value = value });
            }
        }

        container.Env = env.Count > 0 ? env : null;

        // The token reaches the synclet as a file of the Secret's, read-only; never in the environment,
        // which the pod spec, `kubectl describe` and the app (/proc/1/environ) show.
        pod.Volumes = [.. (pod.Volumes ?? []).Where(v => v.Name != TokenVolume), new V1Volume
        {
            Name = TokenVolume,
            Secret = new V1SecretVolumeSource { SecretName = secret, Items = [new V1KeyToPath { Key = TokenKey, Path = BuildContext.TokenFileName }], DefaultMode = 0b100_100_100 },
        }];
        container.VolumeMounts = [.. (container.VolumeMounts ?? []).Where(m => m.Name != TokenVolume), new V1VolumeMount { Name = TokenVolume, MountPath = BuildContext.TokenFolder, ReadOnlyProperty = true }];
    }

    private static List<IKubernetesObject<V1ObjectMeta>> Load(IReadOnlyList<string> files)
    {
        var objects = new List<IKubernetesObject<V1ObjectMeta>>();
        foreach (var file in files)
        {
            List<object> documents;
            try
            {
                documents = KubernetesYaml.LoadAllFromString(File.ReadAllText(file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new LiveException(Messages.BadManifest, file, e.Message);
            }
            catch (Exception e) when (e is YamlDotNet.Core.YamlException or ArgumentException or InvalidOperationException)
            {
                throw new LiveException(Messages.BadManifest, file, (e.InnerException ?? e).Message);
            }

            foreach (var document in documents)
            {
                objects.Add(document switch
                {
                    V1Deployment or V1Service or V1ConfigMap or V1Secret when ((IKubernetesObject<V1ObjectMeta>)document).Metadata?.Name is { Length: > 0 } => (IKubernetesObject<V1ObjectMeta>)document,
                    IKubernetesObject<V1ObjectMeta> other when other.Metadata?.Name is { Length: > 0 } =>
                        throw new LiveException(Messages.BadManifest, file, $"it holds a {other.Kind}; dotnet live applies Deployments, Services, ConfigMaps and Secrets. Apply the others yourself (kubectl apply) and leave them out of <LiveManifests>."),
                    _ => throw new LiveException(Messages.BadManifest, file, "every document needs a kind and a metadata.name."),
                });
            }
        }

        return objects;
    }

    private static List<IKubernetesObject<V1ObjectMeta>> Generate(ProjectModel project)
    {
        var name = DnsName(project.Name);
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = name, ["app.kubernetes.io/instance"] = "dotnet-live" };
        var container = new V1Container
        {
            Name = name,
            Image = project.Kubernetes.ImageName,
            Ports = project.IsWeb ? [new V1ContainerPort { ContainerPort = PortMapping.AspNetCorePort, Name = "http" }] : null,

            // What the restricted Pod Security profile asks that every image allows (running as non-root
            // depends on the image, so is not asked here): no privilege to gain, no capability, the runtime's seccomp.
            SecurityContext = new V1SecurityContext
            {
                AllowPrivilegeEscalation = false,
                Capabilities = new V1Capabilities { Drop = ["ALL"] },
                SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
            },
        };
        var deployment = new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string>(labels) },
            Spec = new V1DeploymentSpec
            {
                Replicas = project.Kubernetes.Replicas,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(labels) },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels) },
                    // The app has no business with the API server: no service-account token in the pod.
                    Spec = new V1PodSpec { Containers = [container], AutomountServiceAccountToken = false },
                },
            },
        };
        if (!project.IsWeb)
        {
            return [deployment];
        }

        var service = new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string>(labels) },
            Spec = new V1ServiceSpec
            {
                Selector = new Dictionary<string, string>(labels),
                Ports = [new V1ServicePort { Port = 80, Name = "http", TargetPort = "http" }],
            },
        };
        return [deployment, service];
    }

    /// <summary>A project name as a Kubernetes object name (RFC 1123 label): lower case, letters, digits and '-'.</summary>
    internal static string DnsName(string name)
    {
        var text = new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return text.Length == 0 ? "app" : text.Length > 50 ? text[..50].TrimEnd('-') : text;
    }
}
