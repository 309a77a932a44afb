using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DotnetLive.Tool.Targets.Kubernetes;

/// <summary>
/// The kinds of object dotnet live applies, read and deleted by kind and name, and what makes one its
/// own: the managed-by label it puts on everything it applies. An object without it is a teammate's,
/// never taken over, never deleted.
/// </summary>
internal static class KubeObjects
{
    /// <summary>The object's metadata, or null when there is none of that name.</summary>
    public static async Task<V1ObjectMeta?> ReadAsync(KubeCluster cluster, string kind, string name, CancellationToken ct)
    {
        var (client, ns) = (cluster.Client, cluster.Namespace);
        try
        {
            return kind switch
            {
                "Secret" => (await client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: ct).ConfigureAwait(false)).Metadata,
                "ConfigMap" => (await client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: ct).ConfigureAwait(false)).Metadata,
                "Service" => (await client.CoreV1.ReadNamespacedServiceAsync(name, ns, cancellationToken: ct).ConfigureAwait(false)).Metadata,
                "Deployment" => (await client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: ct).ConfigureAwait(false)).Metadata,
                _ => throw new InvalidOperationException($"dotnet live does not apply {kind}."),
            };
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public static bool IsOurs(V1ObjectMeta metadata) =>
        metadata.Labels is { } labels && labels.TryGetValue(Workload.ManagedBy, out var manager) && manager == Workload.Manager;

    /// <summary>Deletes the object only if it is still the one of <paramref name="uid"/> (the server checks it: a precondition).</summary>
    /// <exception cref="HttpOperationException">409 Conflict: another object of that name is there now; 404: none is.</exception>
    public static Task DeleteAsync(KubeCluster cluster, AppliedObject item, string uid, CancellationToken ct)
    {
        var (client, ns) = (cluster.Client, cluster.Namespace);
        var options = new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = uid } };
        return item.Kind switch
        {
            "Secret" => client.CoreV1.DeleteNamespacedSecretAsync(item.Name, ns, options, cancellationToken: ct),
            "ConfigMap" => client.CoreV1.DeleteNamespacedConfigMapAsync(item.Name, ns, options, cancellationToken: ct),
            "Service" => client.CoreV1.DeleteNamespacedServiceAsync(item.Name, ns, options, cancellationToken: ct),
            "Deployment" => client.AppsV1.DeleteNamespacedDeploymentAsync(item.Name, ns, options, propagationPolicy: "Foreground", cancellationToken: ct),
            _ => throw new InvalidOperationException($"dotnet live does not apply {item.Kind}."),
        };
    }
}
