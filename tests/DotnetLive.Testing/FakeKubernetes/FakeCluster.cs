using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Docker.DotNet;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DotnetLive.Testing.FakeKubernetes;

/// <summary>
/// A Kubernetes API server on loopback (Kestrel), faithful to the real API for exactly what dotnet-live
/// uses: server-side apply and delete of Secrets, ConfigMaps, Services and Deployments, get of their
/// ReplicaSets, create and delete of pods (<see cref="ObjectEndpoints"/>); list and watch of pods (<see cref="PodWatchEndpoint"/>);
/// pod logs (<see cref="PodLogEndpoint"/>); and port-forward (<see cref="PortForwardEndpoint"/>). Behind
/// it, <see cref="DeploymentController"/> makes each Deployment's pods and <see cref="FakeKubelet"/>
/// runs them as real containers with real synclets. Bearer-token authentication; a namespace can be
/// made forbidden (403).
/// </summary>
internal sealed class FakeCluster : IAsyncDisposable
{
    private readonly ClusterStore _store = new();
    private readonly DockerClient _docker;
    private readonly DeploymentController _controller;
    private readonly PortForwardEndpoint _portForward;
    private WebApplication _app = null!;

    private FakeCluster(DockerClient docker)
    {
        _docker = docker;
        _controller = new DeploymentController(_store, new FakeKubelet(docker, this));
        _portForward = new PortForwardEndpoint(_store);
    }

    public string Token { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public Uri Server { get; private set; } = null!;

    /// <summary>Requests in this namespace are refused with 403, as for a user without a role there.</summary>
    public string? ForbiddenNamespace { get; set; }

    /// <summary>Every server-side apply request, in order.</summary>
    public IReadOnlyList<AppliedRequest> Applied => _store.Applied;

    /// <summary>The pods a port-forward was opened to, by name, in order.</summary>
    public IReadOnlyList<string> PortForwarded => [.. _portForward.Forwarded];

    /// <summary>Every object deleted through the API, as Kind/namespace/name, in order.</summary>
    public IReadOnlyList<string> Deleted => _store.Deleted;

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
        new ObjectEndpoints(cluster._store, cluster._controller).Map(cluster._app);
        new PodWatchEndpoint(cluster._store).Map(cluster._app);
        new PodLogEndpoint(cluster._store, docker).Map(cluster._app);
        cluster._portForward.Map(cluster._app);
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

    /// <summary>
    /// An object someone else made (`kubectl apply` by a teammate): stored under field manager kubectl,
    /// with <paramref name="labels"/> only; its uid. A Deployment gets no pods (nothing here reconciles it).
    /// </summary>
    public string Plant(string kind, string @namespace, string name, IReadOnlyDictionary<string, string>? labels = null)
    {
        var apiVersion = kind == "Deployment" ? "apps/v1" : "v1";
        var body = new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject((labels ?? new Dictionary<string, string>()).Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))) },
        };
        return _store.Apply(new AppliedRequest(kind, @namespace, name, "kubectl", false, body), apiVersion).Stored["metadata"]!["uid"]!.GetValue<string>();
    }

    /// <summary>The object's uid, or null when there is none.</summary>
    public string? UidOf(string kind, string @namespace, string name) => _store.Find(kind, @namespace, name)?["metadata"]?["uid"]?.GetValue<string>();

    /// <summary>`kubectl delete` of an applied object, bypassing its owner.</summary>
    public void Remove(string kind, string @namespace, string name) => _store.Remove(kind, @namespace, name);

    /// <summary>The pods that are not being deleted, by name.</summary>
    public IReadOnlyList<FakePod> Pods(string @namespace) =>
        [.. _store.PodsWhere(p => p.Namespace == @namespace && p.Object.Metadata.DeletionTimestamp is null).OrderBy(p => p.Name, StringComparer.Ordinal)];

    /// <summary>A connection to a port on 127.0.0.1 inside the pod, as its own processes see it.</summary>
    public async Task<Stream> OpenPodPortAsync(FakePod pod, int port) =>
        new NetworkStream(await PodNetwork.ConnectAsync(pod.SandboxPid, port), ownsSocket: true);

    /// <summary>`kubectl delete pod`: the pod's containers are stopped, and its Deployment makes another.</summary>
    public Task DeletePodAsync(string @namespace, string name) =>
        _store.Pod(name) is { } pod ? _controller.DeletePodAsync(pod, replace: true) : Task.CompletedTask;

    /// <summary>The kubelet's status update: the change, then the pod's phase and conditions from its containers.</summary>
    internal void UpdatePod(FakePod pod, Action<V1Pod> change) =>
        _store.ChangePod(pod, p =>
        {
            change(p);
            PodConditions.Update(p.Status);
        });

    internal string? SecretValue(string @namespace, string name, string key) => _store.SecretValue(@namespace, name, key);

    private async Task AuthenticateAsync(HttpContext http, RequestDelegate next)
    {
        if (http.Request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            await ApiStatus.WriteAsync(http, 401, "Unauthorized", "Unauthorized");
            return;
        }

        if (ForbiddenNamespace is { } forbidden && http.Request.Path.Value?.Contains($"/namespaces/{forbidden}/", StringComparison.Ordinal) == true)
        {
            var segments = http.Request.Path.Value.Split('/');
            var resource = segments.SkipWhile(s => s != forbidden).Skip(1).FirstOrDefault() ?? "";
            await ApiStatus.WriteAsync(http, 403, "Forbidden", $"{resource} is forbidden: User \"developer\" cannot {http.Request.Method.ToLowerInvariant()} resource \"{resource}\" in API group \"\" in the namespace \"{forbidden}\"");
            return;
        }

        await next(http);
    }

    public async ValueTask DisposeAsync()
    {
        var pods = _store.Close();
        foreach (var pod in pods)
        {
            await pod.Stop.CancelAsync();
        }

        await Task.WhenAll(pods.Select(p => p.Running));
        await _app.DisposeAsync();
        _docker.Dispose();
    }
}
