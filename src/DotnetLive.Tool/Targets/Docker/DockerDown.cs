using Docker.DotNet;
using Docker.DotNet.Models;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Targets.Docker;

/// <summary>`dotnet live down`: removes the containers and dev images this project's sessions created, found by label.</summary>
internal static class DockerDown
{
    /// <summary>Where DockerTarget keeps its state for projects with the default obj/ folder.</summary>
    public static string StatePath(string projectPath) => Path.Combine(Path.GetDirectoryName(projectPath)!, "obj", "dotnet-live", DockerState.FileName);

    public static async Task RunAsync(string projectPath, IReporter reporter, CancellationToken ct)
    {
        using var docker = await DockerEngine.ConnectAsync(ct).ConfigureAwait(false);
        var filter = DockerLabels.Filter(projectPath);
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, ct).ConfigureAwait(false);
        foreach (var container in containers)
        {
            await docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, ct).ConfigureAwait(false);
        }

        var images = await docker.Images.ListImagesAsync(new ImagesListParameters { Filters = filter }, ct).ConfigureAwait(false);
        foreach (var image in images)
        {
            try
            {
                await docker.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true }, ct).ConfigureAwait(false);
            }
            catch (DockerImageNotFoundException)
            {
                // Removed with another tag of the same image.
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
