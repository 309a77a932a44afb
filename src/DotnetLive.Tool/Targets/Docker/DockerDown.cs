using Docker.DotNet;
using Docker.DotNet.Models;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Targets.Docker;

/// <summary>`dotnet live down`: removes the containers and dev images this project's sessions created, found by label.</summary>
internal static class DockerDown
{
    /// <summary>Where DockerTarget keeps its state, as far as `down` knows without evaluating the project (<see cref="SessionFolder.Unevaluated"/>).</summary>
    public static string StatePath(string projectPath) => Path.Combine(SessionFolder.Unevaluated(projectPath), DockerState.FileName);

    public static async Task RunAsync(string projectPath, IReporter reporter, CancellationToken ct)
    {
        using var docker = await DockerEngine.ConnectAsync(ct).ConfigureAwait(false);
        var filter = DockerLabels.Filter(projectPath);
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, ct).ConfigureAwait(false);
        foreach (var container in containers)
        {
            await docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, ct).ConfigureAwait(false);
        }

        // A dev image is a child of its Dockerfile stage's image, and a parent cannot go first: newest first,
        // and what had a child still is tried again once the others are gone.
        var images = await docker.Images.ListImagesAsync(new ImagesListParameters { Filters = filter }, ct).ConfigureAwait(false);
        var pending = images.OrderByDescending(i => i.Created).Select(i => i.ID).Distinct().ToList();
        while (pending.Count > 0)
        {
            var parents = new List<string>();
            foreach (var id in pending)
            {
                try
                {
                    await docker.Images.DeleteImageAsync(id, new ImageDeleteParameters { Force = true }, ct).ConfigureAwait(false);
                }
                catch (DockerImageNotFoundException)
                {
                    // Removed with another tag of the same image.
                }
                catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
                {
                    parents.Add(id);
                }
            }

            if (parents.Count == pending.Count)
            {
                throw new LiveException(Messages.ImageInUse, parents[0][..Math.Min(parents[0].Length, 19)]);
            }

            pending = parents;
        }

        // The container's own network (a Compose project's networks are Compose's: they stay).
        foreach (var network in await docker.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, ct).ConfigureAwait(false))
        {
            try
            {
                await docker.Networks.DeleteNetworkAsync(network.ID, ct).ConfigureAwait(false);
            }
            catch (DockerNetworkNotFoundException)
            {
                // Gone already.
            }
        }

        var state = new FileInfo(StatePath(projectPath));
        if (state.Exists)
        {
            state.Delete();
        }

        reporter.Info(Messages.Removed, containers.Count, images.Count, projectPath);
    }
}
