using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using k8s;
using k8s.Autorest;
using k8s.Exceptions;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Targets.Kubernetes;

/// <summary>
/// A cluster as the kubeconfig names it: the current context or --context, the namespace from
/// --namespace / LiveNamespace, else the context's, else "default". Failures to reach or to be let in
/// become one message that says what to do.
/// </summary>
internal sealed class KubeCluster : IDisposable
{
    private KubeCluster(IKubernetes client, string context, string server, string @namespace)
    {
        Client = client;
        Context = context;
        Server = server;
        Namespace = @namespace;
    }

    public IKubernetes Client { get; }

    public string Context { get; }

    public string Server { get; }

    public string Namespace { get; }

    /// <summary>The kubeconfig: the first existing file of KUBECONFIG (a path list; kubectl merges them, dotnet live reads the first), else ~/.kube/config.</summary>
    public static IReadOnlyList<string> KubeconfigPaths()
    {
        var variable = Environment.GetEnvironmentVariable("KUBECONFIG");
        return string.IsNullOrWhiteSpace(variable)
            ? [Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config")]
            : variable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
    }

    public static KubeCluster Connect(string context, string @namespace)
    {
        var paths = KubeconfigPaths();
        var files = paths.Where(File.Exists).Select(p => new FileInfo(p)).ToArray();
        if (files.Length == 0)
        {
            throw new LiveException(Messages.NoKubeconfig, string.Join(Path.PathSeparator, paths));
        }

        try
        {
            var config = KubernetesClientConfiguration.BuildConfigFromConfigObject(KubernetesClientConfiguration.LoadKubeConfig(files[0]), context.Length > 0 ? context : null);
            var chosen = @namespace.Length > 0 ? @namespace : string.IsNullOrEmpty(config.Namespace) ? "default" : config.Namespace;
            return new KubeCluster(new k8s.Kubernetes(config), config.CurrentContext, config.Host, chosen);
        }
        catch (Exception e) when (e is KubeConfigException or FormatException or IOException or YamlDotNet.Core.YamlException)
        {
            throw new LiveException(Messages.BadKubeconfig, string.Join(Path.PathSeparator, files.Select(f => f.FullName)), e.Message.TrimEnd('.') + ".");
        }
    }

    /// <summary>The one message for an API call that failed for a reason outside dotnet live: the cluster cannot be reached, or it refused.</summary>
    /// <param name="action">What was tried, e.g. "apply Deployment/webapi".</param>
    public Exception Explain(Exception e, string action) => e switch
    {
        HttpOperationException { Response.StatusCode: HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized } refused =>
            new LiveException(Messages.ClusterForbidden, Context, action, Namespace, (int)refused.Response.StatusCode, StatusMessage(refused)),
        HttpRequestException or WebSocketException or TaskCanceledException { InnerException: TimeoutException } =>
            new LiveException(Messages.ClusterUnreachable, Server, Context, e.InnerException?.Message ?? e.Message),
        _ => e,
    };

    /// <summary>The API server's reason, from the Status object it answers errors with.</summary>
    public static string StatusMessage(HttpOperationException e)
    {
        try
        {
            return KubernetesJson.Deserialize<k8s.Models.V1Status>(e.Response.Content)?.Message ?? e.Response.ReasonPhrase ?? e.Message;
        }
        catch (System.Text.Json.JsonException)
        {
            return e.Response.Content.Length > 0 ? e.Response.Content.Trim() : e.Message;
        }
    }

    public void Dispose() => Client.Dispose();
}
