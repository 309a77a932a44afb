using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Docker.DotNet;
using Docker.DotNet.Models;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DotnetLive.Testing.FakeKubernetes;

/// <summary>
/// A Kubernetes API server on loopback (Kestrel), faithful to the real API for exactly what dotnet-live
/// uses: server-side apply (PATCH application/apply-patch+yaml with a fieldManager) and delete of
/// Secrets, ConfigMaps, Services and Deployments; list and watch of pods with resourceVersions and
/// label selectors; pod delete; pod logs; and port-forward over the <c>v4.channel.k8s.io</c> WebSocket
/// subprotocol. Behind it, a controller makes each Deployment's pods (a new template replaces them, a
/// deleted pod is replaced) and <see cref="FakeKubelet"/> runs them as real containers with real
/// synclets. Bearer-token authentication; a namespace can be made forbidden (403).
/// </summary>
internal sealed class FakeCluster : IAsyncDisposable
{
    public const string PortForwardProtocol = "v4.channel.k8s.io";
    private readonly object _lock = new();
    private readonly Dictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakePod> _pods = new(StringComparer.Ordinal);
    private readonly List<WatchEvent> _events = [];
    private readonly List<Channel<WatchEvent>> _watchers = [];
    private readonly List<AppliedRequest> _applied = [];
    private readonly List<string> _deleted = [];
    private readonly DockerClient _docker;
    private readonly FakeKubelet _kubelet;
    private WebApplication _app = null!;
    private long _revision = 1;
    private int _ordinal;

    private FakeCluster(DockerClient docker)
    {
        _docker = docker;
        _kubelet = new FakeKubelet(docker, this);
    }

    public string Token { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public Uri Server { get; private set; } = null!;

    /// <summary>Requests in this namespace are refused with 403, as for a user without a role there.</summary>
    public string? ForbiddenNamespace { get; set; }

    /// <summary>Every server-side apply request, in order.</summary>
    public IReadOnlyList<AppliedRequest> Applied
    {
        get
        {
            lock (_lock)
            {
                return [.. _applied];
            }
        }
    }

    /// <summary>Every object deleted through the API, as Kind/namespace/name, in order.</summary>
    public IReadOnlyList<string> Deleted
    {
        get
        {
            lock (_lock)
            {
                return [.. _deleted];
            }
        }
    }

    public static async Task<FakeCluster> StartAsync()
    {
        var docker = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();
        var cluster = new FakeCluster(docker);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        cluster._app = builder.Build();
        cluster._app.UseWebSockets();
        cluster._app.Use(cluster.AuthenticateAsync);
        cluster.MapRoutes(cluster._app);
        await cluster._app.StartAsync();
        cluster.Server = new Uri(cluster._app.Urls.First());
        return cluster;
    }

    /// <summary>A kubeconfig whose current context (named <paramref name="context"/>) is this server, with a bearer token.</summary>
    public string WriteKubeconfig(string directory, string @namespace = "default", string context = "fake")
    {
        var path = Path.Combine(directory, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {Server.ToString().TrimEnd('/')}
            contexts:
            - name: {context}
              context:
                cluster: fake
                user: developer
                namespace: {@namespace}
            current-context: {context}
            users:
            - name: developer
              user:
                token: {Token}
            """);
        return path;
    }

    /// <summary>The pods that are not being deleted, by name.</summary>
    public IReadOnlyList<FakePod> Pods(string @namespace)
    {
        lock (_lock)
        {
            return [.. _pods.Values.Where(p => p.Namespace == @namespace && p.Object.Metadata.DeletionTimestamp is null).OrderBy(p => p.Name, StringComparer.Ordinal)];
        }
    }

    /// <summary>A connection to a port on 127.0.0.1 inside the pod, as its own processes see it.</summary>
    public async Task<Stream> OpenPodPortAsync(FakePod pod, int port) =>
        new NetworkStream(await PodNetwork.ConnectAsync(pod.SandboxPid, port), ownsSocket: true);

    /// <summary>`kubectl delete pod`: the pod's containers are stopped, and its Deployment makes another.</summary>
    public Task DeletePodAsync(string @namespace, string name)
    {
        FakePod? pod;
        lock (_lock)
        {
            pod = _pods.GetValueOrDefault(name);
        }

        return pod is null ? Task.CompletedTask : DeletePodAsync(pod, replace: true);
    }

    internal void UpdatePod(FakePod pod, Action<V1Pod> change)
    {
        lock (_lock)
        {
            change(pod.Object);
            var statuses = pod.Object.Status.ContainerStatuses;
            var allRunning = statuses.All(s => s.State?.Running is not null);
            if (allRunning)
            {
                pod.Object.Status.Phase = "Running";
            }

            var ready = allRunning && statuses.All(s => s.Ready);
            pod.Object.Status.Conditions = [
                Condition("PodScheduled", true),
                Condition("Initialized", true),
                Condition("ContainersReady", ready),
                Condition("Ready", ready),
            ];
            Publish("MODIFIED", pod.Object);
        }
    }

    internal string? SecretValue(string @namespace, string name, string key)
    {
        lock (_lock)
        {
            return _objects.TryGetValue(Key("Secret", @namespace, name), out var secret) && secret["data"]?[key]?.GetValue<string>() is { } encoded
                ? Encoding.UTF8.GetString(Convert.FromBase64String(encoded))
                : null;
        }
    }

    private static V1PodCondition Condition(string type, bool status) => new() { Type = type, Status = status ? "True" : "False" };

    private async Task AuthenticateAsync(HttpContext http, RequestDelegate next)
    {
        if (http.Request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            await WriteStatusAsync(http, 401, "Unauthorized", "Unauthorized");
            return;
        }

        if (ForbiddenNamespace is { } forbidden && http.Request.Path.Value?.Contains($"/namespaces/{forbidden}/", StringComparison.Ordinal) == true)
        {
            var segments = http.Request.Path.Value.Split('/');
            var resource = segments.SkipWhile(s => s != forbidden).Skip(1).FirstOrDefault() ?? "";
            await WriteStatusAsync(http, 403, "Forbidden", $"{resource} is forbidden: User \"developer\" cannot {http.Request.Method.ToLowerInvariant()} resource \"{resource}\" in API group \"\" in the namespace \"{forbidden}\"");
            return;
        }

        await next(http);
    }

    private void MapRoutes(WebApplication app)
    {
        app.MapMethods("/api/v1/namespaces/{ns}/{resource}/{name}", ["PATCH"], (HttpContext http, string ns, string resource, string name) => ApplyAsync(http, "v1", resource, ns, name));
        app.MapMethods("/apis/apps/v1/namespaces/{ns}/{resource}/{name}", ["PATCH"], (HttpContext http, string ns, string resource, string name) => ApplyAsync(http, "apps/v1", resource, ns, name));
        app.MapDelete("/api/v1/namespaces/{ns}/pods/{name}", DeletePodRouteAsync);
        app.MapDelete("/api/v1/namespaces/{ns}/{resource}/{name}", (HttpContext http, string ns, string resource, string name) => DeleteAsync(http, "v1", resource, ns, name));
        app.MapDelete("/apis/apps/v1/namespaces/{ns}/{resource}/{name}", (HttpContext http, string ns, string resource, string name) => DeleteAsync(http, "apps/v1", resource, ns, name));
        app.MapGet("/api/v1/namespaces/{ns}/pods", ListOrWatchPodsAsync);
        app.MapGet("/api/v1/namespaces/{ns}/pods/{name}/log", LogAsync);
        app.Map("/api/v1/namespaces/{ns}/pods/{name}/portforward", PortForwardAsync);
    }

    private static readonly Dictionary<(string Group, string Resource), string> Kinds = new()
    {
        [("v1", "secrets")] = "Secret",
        [("v1", "configmaps")] = "ConfigMap",
        [("v1", "services")] = "Service",
        [("apps/v1", "deployments")] = "Deployment",
    };

    private async Task ApplyAsync(HttpContext http, string apiVersion, string resource, string ns, string name)
    {
        if (!Kinds.TryGetValue((apiVersion, resource), out var kind))
        {
            await WriteStatusAsync(http, 404, "NotFound", $"the server could not find the requested resource ({resource})");
            return;
        }

        if (http.Request.ContentType?.Split(';')[0].Trim() != "application/apply-patch+yaml")
        {
            await WriteStatusAsync(http, 415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (this fake serves only apply, got {http.Request.ContentType})");
            return;
        }

        var manager = http.Request.Query["fieldManager"].ToString();
        if (manager.Length == 0)
        {
            await WriteStatusAsync(http, 400, "BadRequest", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
            return;
        }

        JsonObject body;
        try
        {
            body = JsonNode.Parse(await new StreamReader(http.Request.Body).ReadToEndAsync())!.AsObject();
        }
        catch (System.Text.Json.JsonException e)
        {
            await WriteStatusAsync(http, 400, "BadRequest", "error decoding YAML: " + e.Message);
            return;
        }

        if (body["kind"]?.GetValue<string>() != kind || body["apiVersion"]?.GetValue<string>() != apiVersion)
        {
            await WriteStatusAsync(http, 400, "BadRequest", $"the apiVersion and kind in the body ({body["apiVersion"]}, {body["kind"]}) do not match the URL ({apiVersion}, {kind})");
            return;
        }

        if (body["metadata"]?["name"]?.GetValue<string>() != name || (body["metadata"]?["namespace"]?.GetValue<string>() is { } bodyNamespace && bodyNamespace != ns))
        {
            await WriteStatusAsync(http, 400, "BadRequest", "the name or namespace of the object does not match the URL");
            return;
        }

        var force = http.Request.Query["force"].ToString() == "true";
        JsonObject stored;
        bool created;
        lock (_lock)
        {
            _applied.Add(new AppliedRequest(kind, ns, name, manager, force, (JsonObject)body.DeepClone()));
            created = !_objects.TryGetValue(Key(kind, ns, name), out var existing);
            stored = (JsonObject)body.DeepClone();
            var metadata = stored["metadata"]!.AsObject();
            metadata["namespace"] = ns;
            metadata["uid"] = existing?["metadata"]?["uid"]?.GetValue<string>() ?? Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = existing?["metadata"]?["creationTimestamp"]?.GetValue<string>() ?? DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
            metadata["resourceVersion"] = (++_revision).ToString(System.Globalization.CultureInfo.InvariantCulture);
            metadata["managedFields"] = new JsonArray(new JsonObject { ["manager"] = manager, ["operation"] = "Apply", ["apiVersion"] = apiVersion });
            _objects[Key(kind, ns, name)] = stored;
        }

        if (kind == "Deployment")
        {
            Reconcile(ns, name);
        }

        http.Response.StatusCode = created ? 201 : 200;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(stored.ToJsonString());
    }

    private async Task DeleteAsync(HttpContext http, string apiVersion, string resource, string ns, string name)
    {
        if (!Kinds.TryGetValue((apiVersion, resource), out var kind))
        {
            await WriteStatusAsync(http, 404, "NotFound", $"the server could not find the requested resource ({resource})");
            return;
        }

        JsonObject? removed;
        lock (_lock)
        {
            if (_objects.Remove(Key(kind, ns, name), out removed))
            {
                _deleted.Add($"{kind}/{ns}/{name}");
            }
        }

        if (removed is null)
        {
            await WriteStatusAsync(http, 404, "NotFound", $"{resource} \"{name}\" not found");
            return;
        }

        if (kind == "Deployment")
        {
            await Task.WhenAll(PodsOf(ns, name).Select(p => DeletePodAsync(p, replace: false)));
        }

        // As the real server answers: the deleted object for a Service, a Status for the others.
        if (kind == "Service")
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(removed.ToJsonString());
            return;
        }

        await WriteStatusAsync(http, 200, null, null);
    }

    private async Task DeletePodRouteAsync(HttpContext http, string ns, string name)
    {
        if (await FindPodAsync(http, ns, name) is not { } pod)
        {
            return;
        }

        _ = DeletePodAsync(pod, replace: true);
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(KubernetesJson.Serialize(pod.Object));
    }

    private List<FakePod> PodsOf(string ns, string deployment)
    {
        lock (_lock)
        {
            return [.. _pods.Values.Where(p => p.Namespace == ns && p.Object.Metadata.Labels.TryGetValue(OwnerLabel, out var owner) && owner == deployment)];
        }
    }

    private const string OwnerLabel = "fake.dotnet-live.dev/deployment";

    /// <summary>The pod, or null with a 404 Status written, as the real server answers for a pod that is not there.</summary>
    private async Task<FakePod?> FindPodAsync(HttpContext http, string ns, string name)
    {
        FakePod? pod;
        lock (_lock)
        {
            pod = _pods.GetValueOrDefault(name);
        }

        if (pod is null || pod.Namespace != ns)
        {
            await WriteStatusAsync(http, 404, "NotFound", $"pods \"{name}\" not found");
            return null;
        }

        return pod;
    }

    /// <summary>The Deployment and ReplicaSet controllers in one: pods of the current template, as many as the replicas; others go.</summary>
    private void Reconcile(string ns, string name)
    {
        V1Deployment deployment;
        lock (_lock)
        {
            if (!_objects.TryGetValue(Key("Deployment", ns, name), out var stored))
            {
                return;
            }

            deployment = KubernetesJson.Deserialize<V1Deployment>(stored.ToJsonString());
        }

        var template = KubernetesJson.Serialize(deployment.Spec.Template);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(template)))[..10];
        var live = PodsOf(ns, name).Where(p => p.Object.Metadata.DeletionTimestamp is null).ToList();
        foreach (var stale in live.Where(p => p.Object.Metadata.Labels["pod-template-hash"] != hash))
        {
            _ = DeletePodAsync(stale, replace: false);
        }

        var current = live.Where(p => p.Object.Metadata.Labels["pod-template-hash"] == hash).ToList();
        var wanted = deployment.Spec.Replicas ?? 1;
        foreach (var extra in current.Skip(wanted))
        {
            _ = DeletePodAsync(extra, replace: false);
        }

        for (var i = current.Count; i < wanted; i++)
        {
            CreatePod(ns, name, hash, template);
        }
    }

    /// <summary>The one node's allocatable memory: a pod whose containers request more is not scheduled.</summary>
    public const long NodeMemoryBytes = 8L * 1024 * 1024 * 1024;

    private void CreatePod(string ns, string deployment, string hash, string templateJson)
    {
        var template = KubernetesJson.Deserialize<V1PodTemplateSpec>(templateJson);
        var labels = new Dictionary<string, string>(template.Metadata?.Labels ?? new Dictionary<string, string>()) { ["pod-template-hash"] = hash, [OwnerLabel] = deployment };
        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = $"{deployment}-{hash}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))[..5]}",
                NamespaceProperty = ns,
                Uid = Guid.NewGuid().ToString(),
                Labels = labels,
                Annotations = template.Metadata?.Annotations,
                CreationTimestamp = DateTime.UtcNow,
                OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = $"{deployment}-{hash}", Uid = hash, Controller = true }],
            },
            Spec = template.Spec,
            Status = new V1PodStatus
            {
                Phase = "Pending",
                Conditions = [Condition("PodScheduled", true)],
                ContainerStatuses = [.. template.Spec.Containers.Select(c => new V1ContainerStatus
                {
                    Name = c.Name,
                    Image = c.Image,
                    ImageID = "",
                    Ready = false,
                    RestartCount = 0,
                    State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } },
                })],
            },
        };
        // The scheduler: one node; a pod that does not fit stays Pending with the scheduler's reason.
        var requested = template.Spec.Containers.Sum(c => c.Resources?.Requests?.TryGetValue("memory", out var memory) == true ? memory.ToInt64() : 0);
        var fits = requested <= NodeMemoryBytes;
        if (!fits)
        {
            pod.Status.Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod." }];
        }

        lock (_lock)
        {
            // Running is set before anyone can see the pod, so a delete always waits for its kubelet.
            var fake = new FakePod(pod, ++_ordinal);
            fake.Running = fits ? Task.Run(() => _kubelet.RunPodAsync(fake, fake.Stop.Token)) : Task.CompletedTask;
            _pods[pod.Metadata.Name] = fake;
            Publish("ADDED", pod);
        }
    }

    private async Task DeletePodAsync(FakePod pod, bool replace)
    {
        lock (_lock)
        {
            if (pod.Object.Metadata.DeletionTimestamp is not null)
            {
                return;
            }

            pod.Object.Metadata.DeletionTimestamp = DateTime.UtcNow;
            pod.Object.Metadata.DeletionGracePeriodSeconds = 30;
            Publish("MODIFIED", pod.Object);
        }

        if (replace && pod.Object.Metadata.Labels.TryGetValue(OwnerLabel, out var owner))
        {
            Reconcile(pod.Namespace, owner);
        }

        await pod.Stop.CancelAsync();
        await pod.Running;
        lock (_lock)
        {
            _pods.Remove(pod.Name);
            _deleted.Add($"Pod/{pod.Namespace}/{pod.Name}");
            Publish("DELETED", pod.Object);
        }
    }

    private void Publish(string type, V1Pod pod)
    {
        pod.Metadata.ResourceVersion = (++_revision).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var change = new WatchEvent(_revision, type, pod.Metadata.NamespaceProperty, new Dictionary<string, string>(pod.Metadata.Labels), $"{{\"type\":\"{type}\",\"object\":{KubernetesJson.Serialize(pod)}}}");
        _events.Add(change);
        foreach (var watcher in _watchers)
        {
            watcher.Writer.TryWrite(change);
        }
    }

    private async Task ListOrWatchPodsAsync(HttpContext http, string ns)
    {
        var selector = ParseSelector(http.Request.Query["labelSelector"].ToString());
        if (selector is null)
        {
            await WriteStatusAsync(http, 400, "BadRequest", "unable to parse requirement: this fake takes key=value selectors");
            return;
        }

        bool Matches(string podNamespace, IReadOnlyDictionary<string, string> labels) =>
            podNamespace == ns && selector.All(s => labels.TryGetValue(s.Key, out var value) && value == s.Value);

        http.Response.ContentType = "application/json";
        if (http.Request.Query["watch"].ToString() is not ("true" or "1"))
        {
            string list;
            lock (_lock)
            {
                var items = _pods.Values.Where(p => Matches(p.Namespace, p.Object.Metadata.Labels.AsReadOnly())).OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => KubernetesJson.Serialize(p.Object));
                list = $"{{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{{\"resourceVersion\":\"{_revision}\"}},\"items\":[{string.Join(",", items)}]}}";
            }

            await http.Response.WriteAsync(list);
            return;
        }

        _ = long.TryParse(http.Request.Query["resourceVersion"].ToString(), out var since);
        var timeout = int.TryParse(http.Request.Query["timeoutSeconds"].ToString(), out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(30);
        var channel = Channel.CreateUnbounded<WatchEvent>();
        lock (_lock)
        {
            // From the given resourceVersion on: what happened since, then what happens.
            foreach (var past in _events.Where(e => e.Revision > since))
            {
                channel.Writer.TryWrite(past);
            }

            _watchers.Add(channel);
        }

        try
        {
            await http.Response.StartAsync();
            using var end = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            end.CancelAfter(timeout);
            await foreach (var change in channel.Reader.ReadAllAsync(end.Token))
            {
                if (Matches(change.Namespace, change.Labels))
                {
                    await http.Response.WriteAsync(change.Json + "\n", end.Token);
                    await http.Response.Body.FlushAsync(end.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The watch's time is up, or the client went: the response ends, as the real server's does.
        }
        finally
        {
            lock (_lock)
            {
                _watchers.Remove(channel);
            }
        }
    }

    private static Dictionary<string, string>? ParseSelector(string text)
    {
        var selector = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2 || pair[0].Length == 0)
            {
                return null;
            }

            selector[pair[0].Trim()] = pair[1].Trim();
        }

        return selector;
    }

    private async Task LogAsync(HttpContext http, string ns, string name)
    {
        if (await FindPodAsync(http, ns, name) is not { } pod)
        {
            return;
        }

        var container = http.Request.Query["container"].ToString();
        container = container.Length > 0 ? container : pod.Spec.Containers[0].Name;
        var previous = http.Request.Query["previous"].ToString() == "true";
        if (!(previous ? pod.PreviousContainers : pod.CurrentContainers).TryGetValue(container, out var dockerId))
        {
            await WriteStatusAsync(http, 400, "BadRequest", previous
                ? $"previous terminated container \"{container}\" in pod \"{name}\" not found"
                : $"container \"{container}\" in pod \"{name}\" is waiting to start");
            return;
        }

        var tail = http.Request.Query["tailLines"].ToString();
        using var logs = await _docker.Containers.GetContainerLogsAsync(dockerId, false, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = tail.Length > 0 ? tail : "all" }, http.RequestAborted);
        var (stdout, stderr) = await logs.ReadOutputToEndAsync(http.RequestAborted);
        http.Response.ContentType = "text/plain";
        await http.Response.WriteAsync(stdout + stderr);
    }

    /// <summary>The kubelet's WebSocket port-forward: channel 0 data, channel 1 errors, each opened with the port number.</summary>
    private async Task PortForwardAsync(HttpContext http, string ns, string name)
    {
        if (await FindPodAsync(http, ns, name) is not { } pod)
        {
            return;
        }

        if (!http.WebSockets.IsWebSocketRequest || !http.WebSockets.WebSocketRequestedProtocols.Contains(PortForwardProtocol))
        {
            await WriteStatusAsync(http, 400, "BadRequest", "Upgrade request required (WebSocket, subprotocol v4.channel.k8s.io)");
            return;
        }

        if (!ushort.TryParse(http.Request.Query["ports"].ToString(), out var port) || port == 0)
        {
            await WriteStatusAsync(http, 400, "BadRequest", "query parameter \"ports\" is required: one port number");
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync(PortForwardProtocol);
        byte[] prefix = [0, (byte)(port & 0xff), (byte)(port >> 8)];
        await socket.SendAsync(prefix, WebSocketMessageType.Binary, true, http.RequestAborted);
        prefix[0] = 1;
        await socket.SendAsync(prefix, WebSocketMessageType.Binary, true, http.RequestAborted);

        Socket target;
        try
        {
            target = pod.SandboxPid > 0 && pod.Object.Metadata.DeletionTimestamp is null
                ? await PodNetwork.ConnectAsync(pod.SandboxPid, port)
                : throw new IOException($"pod {name} is not running");
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            var error = Encoding.UTF8.GetBytes($"an error occurred forwarding {port} -> {port}: error forwarding port {port} to pod {pod.Object.Metadata.Uid}: dial tcp4 127.0.0.1:{port}: {e.Message}");
            await socket.SendAsync((byte[])[1, .. error], WebSocketMessageType.Binary, true, http.RequestAborted);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, http.RequestAborted);
            return;
        }

        using (target)
        {
            using var done = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, pod.Stop.Token);
            var up = FromClientAsync(socket, target, done.Token);
            var down = ToClientAsync(target, socket, done.Token);
            await Task.WhenAny(up, down);
            await done.CancelAsync();
            try
            {
                await Task.WhenAll(up, down);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or SocketException)
            {
                // One side ended; so does the forward.
            }
        }
    }

    private static async Task FromClientAsync(WebSocket socket, Socket target, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        var messageStart = true;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                target.Shutdown(SocketShutdown.Send);
                return;
            }

            var data = buffer.AsMemory(0, result.Count);
            if (messageStart && data.Length > 0)
            {
                data = data[1..]; // The channel: 0, the only one a client writes data on.
            }

            messageStart = result.EndOfMessage;
            while (!data.IsEmpty)
            {
                var sent = await target.SendAsync(data, ct);
                data = data[sent..];
            }
        }
    }

    private static async Task ToClientAsync(Socket target, WebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024 + 1];
        while (true)
        {
            var read = await target.ReceiveAsync(buffer.AsMemory(1), ct);
            if (read == 0)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                return;
            }

            buffer[0] = 0;
            await socket.SendAsync(buffer.AsMemory(0, read + 1), WebSocketMessageType.Binary, true, ct);
        }
    }

    private static async Task WriteStatusAsync(HttpContext http, int code, string? reason, string? message)
    {
        http.Response.StatusCode = code;
        http.Response.ContentType = "application/json";
        var status = new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = code < 400 ? "Success" : "Failure" };
        if (message is not null)
        {
            status["message"] = message;
            status["reason"] = reason;
            status["code"] = code;
        }

        await http.Response.WriteAsync(status.ToJsonString());
    }

    private static string Key(string kind, string ns, string name) => $"{kind}/{ns}/{name}";

    public async ValueTask DisposeAsync()
    {
        List<FakePod> pods;
        lock (_lock)
        {
            pods = [.. _pods.Values];
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryComplete();
            }
        }

        foreach (var pod in pods)
        {
            await pod.Stop.CancelAsync();
        }

        await Task.WhenAll(pods.Select(p => p.Running));
        await _app.DisposeAsync();
        _docker.Dispose();
    }

    private sealed record WatchEvent(long Revision, string Type, string Namespace, IReadOnlyDictionary<string, string> Labels, string Json);
}

/// <summary>One server-side apply request as received: the object, its field manager and whether it forced conflicts.</summary>
internal sealed record AppliedRequest(string Kind, string Namespace, string Name, string FieldManager, bool Force, JsonObject Body);
