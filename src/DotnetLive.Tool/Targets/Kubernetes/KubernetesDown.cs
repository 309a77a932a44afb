using System.Net;
using System.Net.Http;
using k8s;
using k8s.Autorest;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Targets.Kubernetes;

/// <summary>`dotnet live down` for the kubernetes target: deletes exactly the objects this project's sessions applied, in every context and namespace they ran in (from the state under obj/).</summary>
internal static class KubernetesDown
{
    /// <summary>The state file, where KubernetesTarget keeps it, as far as `down` knows without evaluating the project (<see cref="SessionFolder.Unevaluated"/>).</summary>
    public static string StatePath(string projectPath) => Path.Combine(SessionFolder.Unevaluated(projectPath), KubernetesState.FileName);

    public static async Task RunAsync(string projectPath, IReporter reporter, CancellationToken ct)
    {
        var path = StatePath(projectPath);
        if (KubernetesState.Read(path) is not { } state)
        {
            reporter.Info(Messages.KubeNothingApplied, projectPath);
            return;
        }

        foreach (var placement in state.Placements)
        {
            using var cluster = KubeCluster.Connect(placement.Context, placement.Namespace);
            var deleted = new List<AppliedObject>();
            foreach (var item in placement.Objects.Reverse())
            {
                try
                {
                    await DeleteAsync(cluster, item, ct).ConfigureAwait(false);
                    deleted.Add(item);
                }
                catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
                {
                    // Deleted already (by hand or by an earlier down), or never applied (rejected).
                }
                catch (Exception e) when (e is HttpOperationException or HttpRequestException)
                {
                    throw cluster.Explain(e, $"delete {item}");
                }
            }

            // What is left to delete elsewhere stays recorded, should the next placement fail.
            state = new KubernetesState([.. state.Placements.Where(p => p != placement)]);
            state.Write(path);
            reporter.Info(Messages.KubeRemoved, deleted.Count > 0 ? string.Join(", ", deleted) : "nothing (all gone already)", cluster.Namespace, cluster.Context);
        }

        File.Delete(path);
    }

    private static Task DeleteAsync(KubeCluster cluster, AppliedObject item, CancellationToken ct)
    {
        var (client, ns) = (cluster.Client, cluster.Namespace);
        return item.Kind switch
        {
            "Secret" => client.CoreV1.DeleteNamespacedSecretAsync(item.Name, ns, cancellationToken: ct),
            "ConfigMap" => client.CoreV1.DeleteNamespacedConfigMapAsync(item.Name, ns, cancellationToken: ct),
            "Service" => client.CoreV1.DeleteNamespacedServiceAsync(item.Name, ns, cancellationToken: ct),
            "Deployment" => client.AppsV1.DeleteNamespacedDeploymentAsync(item.Name, ns, propagationPolicy: "Foreground", cancellationToken: ct),
            _ => throw new InvalidOperationException($"dotnet live does not apply {item.Kind}."),
        };
    }
}
