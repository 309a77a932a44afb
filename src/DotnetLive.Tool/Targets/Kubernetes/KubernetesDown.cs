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

            // A context of the same name may point at another cluster now: nothing of that one is ours.
            if (placement.Server is { } server && server != cluster.Server)
            {
                throw new LiveException(Messages.OtherCluster, placement.Context, cluster.Server, server, string.Join(", ", placement.Objects));
            }

            var deleted = new List<AppliedObject>();
            foreach (var item in placement.Objects.Reverse())
            {
                try
                {
                    if (await DeleteIfOursAsync(cluster, item, reporter, ct).ConfigureAwait(false))
                    {
                        deleted.Add(item);
                    }
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

    /// <summary>
    /// Deletes the object if it is the one a session applied: the uid it was given (the server checks it
    /// as a precondition, so one made in between is not deleted either), else (a state of an older
    /// version) one with dotnet live's label. Whether it was deleted; one gone already is not.
    /// </summary>
    private static async Task<bool> DeleteIfOursAsync(KubeCluster cluster, AppliedObject item, IReporter reporter, CancellationToken ct)
    {
        if (await KubeObjects.ReadAsync(cluster, item.Kind, item.Name, ct).ConfigureAwait(false) is not { } metadata)
        {
            return false;
        }

        if (item.Uid is { } uid ? metadata.Uid != uid : !KubeObjects.IsOurs(metadata))
        {
            reporter.Info(Messages.KubeLeft, item, cluster.Namespace, item.Uid is null ? "it has no label app.kubernetes.io/managed-by=dotnet-live" : $"another object of that name, uid {metadata.Uid}, was made since");
            return false;
        }

        try
        {
            await KubeObjects.DeleteAsync(cluster, item, metadata.Uid, ct).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            reporter.Info(Messages.KubeLeft, item, cluster.Namespace, "it was replaced while it was being deleted");
            return false;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
