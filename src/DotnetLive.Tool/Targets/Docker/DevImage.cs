using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Targets.Docker;

/// <summary>
/// The dev image, made through the Docker engine: the base image plus the synclet as its entrypoint
/// (<see cref="BuildContext"/>). The Docker target runs it; the Kubernetes target pushes it.
/// </summary>
internal static class DevImage
{
    /// <summary>Makes sure the base image is there (pulling it if not) and returns the user it runs as.</summary>
    public static async Task<string?> EnsureBaseImageAsync(DockerClient docker, string baseImage, CancellationToken ct)
    {
        try
        {
            return (await docker.Images.InspectImageAsync(baseImage, ct).ConfigureAwait(false)).Config?.User;
        }
        catch (DockerImageNotFoundException)
        {
            try
            {
                await docker.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = baseImage }, null, new Progress<JSONMessage>(), ct).ConfigureAwait(false);
                return (await docker.Images.InspectImageAsync(baseImage, ct).ConfigureAwait(false)).Config?.User;
            }
            catch (DockerApiException e)
            {
                throw new LiveException(Messages.BaseImageMissing, baseImage, e.ResponseBody.Trim());
            }
        }
    }

    public static async Task BuildAsync(DockerClient docker, string baseImage, string image, IReadOnlyDictionary<string, string> labels, IReporter reporter, CancellationToken ct)
    {
        var user = await EnsureBaseImageAsync(docker, baseImage, ct).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var errors = new List<string>();
        using var context = BuildContext.Create(baseImage, user, Path.GetDirectoryName(ToolLayout.SyncletAssembly)!, labels);
        await docker.Images.BuildImageFromDockerfileAsync(
            new ImageBuildParameters { Tags = [image], Remove = true, ForceRemove = true },
            context,
            null,
            null,
            new SynchronousProgress<JSONMessage>(m =>
            {
                if ((m.Error?.Message ?? m.ErrorMessage) is { Length: > 0 } error)
                {
                    errors.Add(error);
                }
            }),
            ct).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            throw new LiveException(Messages.ImageBuildFailed, image, string.Join(" ", errors).Trim());
        }

        reporter.Info(Messages.ImageBuilt, image, baseImage, clock.ElapsedMilliseconds);
    }
}
