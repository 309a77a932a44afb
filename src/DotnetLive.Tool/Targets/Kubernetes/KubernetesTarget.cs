using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Net.WebSockets;
using Docker.DotNet;
using Docker.DotNet.Models;
using k8s;
using k8s.Autorest;
using k8s.Models;
using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Wire;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.Targets.Docker;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Targets.Kubernetes;

/// <summary>
/// The app in the pods of a Deployment. Deployed once: the dev image (base image + synclet) is pushed
/// to <c>LiveRegistry</c>, the workload is server-side applied (field manager dotnet-live) and its pods
/// are watched. Then every update goes to the synclet of every ready pod through port-forward (the
/// synclet listens on 127.0.0.1 in the pod: no Service, no privileged container, no registry on the
/// way). A replaced pod or restarted container comes back with the image's binaries and is resynced.
/// </summary>
internal sealed class KubernetesTarget : ILiveTarget
{
    private const string FieldManager = "dotnet-live";
    private const string PortForwardProtocol = "v4.channel.k8s.io";
    private static readonly TimeSpan RolloutTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan ReconnectTimeout = TimeSpan.FromSeconds(20);
    private readonly ProjectModel _project;
    private readonly LaunchProfile _profile;
    private readonly IReporter _reporter;
    private readonly string _statePath;
    private readonly IReadOnlyList<PortMapping> _ports;
    private readonly List<LocalForward> _forwards = [];
    private KubeCluster? _cluster;
    private Workload? _workload;
    private PodTracker? _tracker;
    private string _token = "";
    private LocalForward? _syncletForward;
    private readonly IReadOnlyCollection<string> _otherServices;
    private readonly TelemetryRoute _telemetry;

    /// <param name="telemetry">The app's OpenTelemetry, named as the service (each pod its own instance), and where the synclets' relay of it goes.</param>
    /// <param name="otherServices">The images of the session's other services (<see cref="Workload.Create"/>).</param>
    public KubernetesTarget(ProjectModel project, LaunchProfile profile, IReporter reporter, TelemetryRoute telemetry, IReadOnlyCollection<string>? otherServices = null)
    {
        _telemetry = telemetry;
        _otherServices = otherServices ?? [];
        _project = project;
        _profile = profile;
        _reporter = reporter;
        _statePath = Path.Combine(project.SessionDirectory, KubernetesState.FileName);
        _ports = PortMapping.For(project, profile);
        AppUrls = _ports.Select(p => new Uri($"http://localhost:{p.Host.ToString(CultureInfo.InvariantCulture)}/")).ToList();
    }

    public string Name => "kubernetes";

    /// <summary>The first ready pod's app ports, forwarded to the profile's ports on 127.0.0.1.</summary>
    public IReadOnlyList<Uri> AppUrls { get; }

    /// <summary>The first ready pod's synclet, forwarded to a local port: a LiveDeploy build updates that pod, the tool's loop all of them.</summary>
    public SyncletEndpoint Endpoint => _syncletForward is { } forward
        ? new SyncletEndpoint("127.0.0.1", forward.Port, _token)
        : throw new InvalidOperationException("Nothing has been deployed.");

    public Task ReplicasChanged { get; private set; } = new TaskCompletionSource().Task;

    public async Task<IReadOnlyList<Replica>> ConnectAsync(Action<AppEvent, string?> onEvent, CancellationToken ct)
    {
        // The first time, the rollout: every replica ready (or as many as are when time is up); later, any,
        // without holding the session up for long (the caller tries again, and pod problems are reported as they come).
        var (wanted, timeout) = (1, ReconnectTimeout);
        if (_tracker is null)
        {
            await DeployAsync(ct).ConfigureAwait(false);
            (wanted, timeout) = (_workload!.Deployment.Spec.Replicas ?? 1, RolloutTimeout);
        }

        var (pods, changed) = await _tracker!.WaitForReadyAsync(wanted, timeout, ct).ConfigureAwait(false)
            ?? throw new LiveException(
                Messages.RolloutTimedOut,
                _workload!.Deployment.Metadata.Name,
                timeout.TotalSeconds,
                _tracker.Problems.Count > 0 ? ": " + string.Join(" ", _tracker.Problems) : "",
                _workload.Selector);
        var connecting = pods.Select(pod => ConnectPodAsync(pod.Metadata.Name, e => onEvent(e, pod.Metadata.Name), ct)).ToList();
        Replica[] replicas;
        try
        {
            replicas = await Task.WhenAll(connecting).ConfigureAwait(false);
        }
        catch
        {
            // One pod did not answer: the connections to the others are not handed out, so close them.
            foreach (var connected in connecting.Where(c => c.IsCompletedSuccessfully))
            {
                await connected.Result.Client.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        _reporter.Info(Messages.PodsReady, replicas.Length, string.Join(", ", replicas.Select(r => r.Name)));
        _reporter.ReplicasConnected([.. replicas.Select(r => r.Name)]);
        ReplicasChanged = changed;
        return replicas;
    }

    private async Task DeployAsync(CancellationToken ct)
    {
        var settings = _project.Kubernetes;
        if (settings.Registry.Length == 0)
        {
            throw new LiveException(Messages.NoRegistry);
        }

        _cluster?.Dispose(); // An earlier attempt that failed part-way.
        _cluster = KubeCluster.Connect(settings.Context, settings.Namespace);
        await CheckAccessAsync(ct).ConfigureAwait(false);
        var state = KubernetesState.Read(_statePath) ?? new KubernetesState([]);
        var placement = state.Find(_cluster.Context, _cluster.Namespace);
        _token = placement?.Token ?? SessionToken.Create();

        var recipe = ImageRecipe.For(_project);
        var image = DevImageName(recipe);
        _workload = Workload.Create(_project, _profile, image.ToString(), _token, _telemetry.Service, _otherServices);

        // Nothing is built, pushed or applied while one of the objects is someone else's.
        var existing = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in _workload.Objects)
        {
            if (await ReadAsync(item, ct).ConfigureAwait(false) is { } metadata)
            {
                existing[$"{item.Kind}/{item.Metadata.Name}"] = KubeObjects.IsOurs(metadata)
                    ? metadata.Uid
                    : throw new LiveException(Messages.NotOurs, $"{item.Kind}/{item.Metadata.Name}", _cluster.Namespace, _cluster.Context, $"{item.Kind.ToLowerInvariant()}/{item.Metadata.Name}");
            }
        }

        await PushDevImageAsync(recipe, image, ct).ConfigureAwait(false);

        // Recorded before applying: `down` must find an object even when the one after it was rejected.
        var applied = KubernetesPlacement.Merge([.. placement?.Objects ?? [], .. _workload.Applied.Select(a => a with { Uid = existing.GetValueOrDefault(a.ToString()) })]);
        var recorded = new KubernetesPlacement(_cluster.Context, _cluster.Namespace, _token, applied, _cluster.Server);
        state = state.With(recorded);
        state.Write(_statePath);
        var uids = new List<AppliedObject>();
        foreach (var item in _workload.Objects)
        {
            uids.Add(new AppliedObject(item.Kind, item.Metadata.Name, await ApplyAsync(item, ct).ConfigureAwait(false)));
        }

        state.With(recorded with { Objects = KubernetesPlacement.Merge([.. applied, .. uids]) }).Write(_statePath);

        _reporter.Info(Messages.Applied, string.Join(", ", _workload.Applied), _cluster.Namespace, _cluster.Context);

        _tracker = new PodTracker(_cluster, _workload, uids.Single(u => u.Kind == "Deployment").Uid!, _reporter);
        _tracker.Start();
        _syncletForward = LocalForward.Start(0, c => OpenFirstReadyAsync(BuildContext.SyncletPort, c));
        foreach (var port in _ports)
        {
            // Without LivePorts, the profile's port goes to the app's port in the pod (the manifest's "http" or first containerPort).
            var podPort = _project.LivePorts.Length > 0 ? port.Container : _workload.AppPort;
            try
            {
                _forwards.Add(LocalForward.Start(port.Host, c => OpenFirstReadyAsync(podPort, c)));
            }
            catch (System.Net.Sockets.SocketException)
            {
                throw new LiveException(Messages.PortTaken, port.Host, $"http://localhost:{port.Host.ToString(CultureInfo.InvariantCulture)}/");
            }
        }
    }

    /// <summary>Before building anything: is the cluster there, and may we read pods in the namespace?</summary>
    private async Task CheckAccessAsync(CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(20));
            await _cluster!.Client.CoreV1.ListNamespacedPodAsync(_cluster.Namespace, limit: 1, cancellationToken: timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new LiveException(Messages.ClusterUnreachable, _cluster!.Server, _cluster.Context, "no answer within 20 s");
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            throw _cluster!.Explain(e, "list pods");
        }
    }

    /// <summary>Where the dev image of <paramref name="recipe"/> goes in the project's registry: named by the project, tagged by what it holds.</summary>
    private ImageName DevImageName(ImageRecipe recipe) =>
        new($"{_project.Kubernetes.Registry}/dotnet-live/{Workload.DnsName(_project.Name)}-{DockerLabels.ProjectId(_project.ProjectPath)}", DevImageTag.For(recipe));

    /// <summary>The dev image under LiveRegistry, tagged by what it is made from, so an unchanged one is neither built nor pushed twice.</summary>
    private async Task PushDevImageAsync(ImageRecipe recipe, ImageName image, CancellationToken ct)
    {
        var (repository, tag) = image;

        // Before anything is built: a registry's password never goes to an engine over plain TCP.
        var credentials = RegistryCredentials.For(_project.Kubernetes.Registry);
        if (!string.IsNullOrEmpty(credentials.Password) && DockerEngine.IsPlainTcp)
        {
            throw new LiveException(Messages.CredentialsInTheClear, _project.Kubernetes.Registry, DockerEngine.Address);
        }

        using var docker = await DockerEngine.ConnectAsync(ct).ConfigureAwait(false);
        try
        {
            await docker.Images.InspectImageAsync(image.ToString(), ct).ConfigureAwait(false);
        }
        catch (DockerImageNotFoundException)
        {
            await DevImage.BuildAsync(docker, recipe, image.ToString(), DockerLabels.For(_project.ProjectPath), _reporter, ct).ConfigureAwait(false);
        }

        var clock = Stopwatch.StartNew();
        var errors = new List<string>();
        try
        {
            await docker.Images.PushImageAsync(
                repository,
                new ImagePushParameters { Tag = tag },
                credentials,
                new SynchronousProgress<JSONMessage>(m =>
                {
                    if ((m.Error?.Message ?? m.ErrorMessage) is { Length: > 0 } error)
                    {
                        errors.Add(error);
                    }
                }),
                ct).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            errors.Add(e.ResponseBody.Trim());
        }

        if (errors.Count > 0)
        {
            throw new LiveException(Messages.PushFailed, image, string.Join(" ", errors).Trim());
        }

        _reporter.Info(Messages.ImagePushed, image, clock.ElapsedMilliseconds);
    }

    /// <summary>An image's repository and tag.</summary>
    private sealed record ImageName(string Repository, string Tag)
    {
        public override string ToString() => $"{Repository}:{Tag}";
    }

    /// <summary>The object of that kind and name in the namespace, if there is one.</summary>
    private async Task<V1ObjectMeta?> ReadAsync(IKubernetesObject<V1ObjectMeta> item, CancellationToken ct)
    {
        try
        {
            return await KubeObjects.ReadAsync(_cluster!, item.Kind, item.Metadata.Name, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            throw _cluster!.Explain(e, $"get {item.Kind}/{item.Metadata.Name}");
        }
    }

    /// <summary>Applies the object (server-side, as dotnet live's field manager); its uid.</summary>
    private async Task<string> ApplyAsync(IKubernetesObject<V1ObjectMeta> item, CancellationToken ct)
    {
        var ns = _cluster!.Namespace;
        item.Metadata.NamespaceProperty = ns;
        var name = item.Metadata.Name;
        var patch = new V1Patch(item, V1Patch.PatchType.ApplyPatch);
        try
        {
            return item switch
            {
                V1Secret => (await _cluster.Client.CoreV1.PatchNamespacedSecretAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: ct).ConfigureAwait(false)).Metadata.Uid,
                V1ConfigMap => (await _cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: ct).ConfigureAwait(false)).Metadata.Uid,
                V1Service => (await _cluster.Client.CoreV1.PatchNamespacedServiceAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: ct).ConfigureAwait(false)).Metadata.Uid,
                V1Deployment => (await _cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: ct).ConfigureAwait(false)).Metadata.Uid,
                _ => throw new InvalidOperationException($"{item.Kind} is not applied by dotnet live."),
            };
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is not (System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.Unauthorized))
        {
            throw new LiveException(Messages.ApplyRejected, $"{item.Kind}/{name}", KubeCluster.StatusMessage(e));
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            throw _cluster.Explain(e, $"apply {item.Kind}/{name}");
        }
    }

    /// <summary>The synclet in the pod answers once it listens; until then port-forward fails: the handshake is retried while the pod is ready.</summary>
    private async Task<Replica> ConnectPodAsync(string pod, Action<AppEvent> onEvent, CancellationToken ct) =>
        new(pod, await SyncletConnector.ConnectAsync(c => OpenAsync(pod, BuildContext.SyncletPort, c), _token, _project.SyncletStore, onEvent, _telemetry.Forward, async (e, elapsed) =>
        {
            // A refused upgrade comes as a WebSocketException naming the HTTP status the server answered.
            if (e is HttpOperationException { Response.StatusCode: System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.Unauthorized }
                || (e is WebSocketException && (e.Message.Contains("'403'", StringComparison.Ordinal) || e.Message.Contains("'401'", StringComparison.Ordinal))))
            {
                throw new LiveException(Messages.ClusterForbidden, _cluster!.Context, $"port-forward to pod {pod}", _cluster.Namespace, e.Message.Contains("'401'", StringComparison.Ordinal) ? 401 : 403, "pods/portforward is not allowed");
            }

            // A pod that went (replaced, deleted) is not waited for: the pods that are there are connected again.
            if (!_tracker!.IsReady(pod))
            {
                throw new IOException($"pod {pod} is gone or no longer running ({e.Message})", e);
            }

            if (elapsed > SyncletConnector.StartTimeout)
            {
                throw new LiveException(Messages.PodSyncletUnreachable, pod, SyncletConnector.StartTimeout.TotalSeconds, e.Message, await _tracker.LogTailAsync(pod, _workload!.Container, previous: false, ct).ConfigureAwait(false));
            }
        }, TimeSpan.FromMilliseconds(200), ct).ConfigureAwait(false));

    private async Task<Stream> OpenAsync(string pod, int port, CancellationToken ct)
    {
        var socket = await _cluster!.Client.WebSocketNamespacedPodPortForwardAsync(pod, _cluster.Namespace, [port], PortForwardProtocol, cancellationToken: ct).ConfigureAwait(false);
        return new PortForwardStream(socket);
    }

    private Task<Stream> OpenFirstReadyAsync(int port, CancellationToken ct) =>
        _tracker?.FirstReady() is { } pod ? OpenAsync(pod.Metadata.Name, port, ct) : throw new IOException("No pod is ready.");

    public async ValueTask DisposeAsync()
    {
        foreach (var forward in _forwards)
        {
            await forward.DisposeAsync().ConfigureAwait(false);
        }

        if (_syncletForward is not null)
        {
            await _syncletForward.DisposeAsync().ConfigureAwait(false);
        }

        if (_tracker is not null)
        {
            await _tracker.DisposeAsync().ConfigureAwait(false);
        }

        _cluster?.Dispose();
    }
}
