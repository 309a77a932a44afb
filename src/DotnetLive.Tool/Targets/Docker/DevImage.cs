using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Targets.Docker;

/// <summary>
/// The dev image, made through the Docker engine: what the project's <see cref="ImageRecipe"/> makes,
/// plus the synclet as its entrypoint (<see cref="BuildContext"/>). The Docker target runs it; the
/// Kubernetes target pushes it.
/// </summary>
internal static class DevImage
{
    /// <summary>How many of the build's last output lines a failure shows.</summary>
    private const int ErrorLines = 15;

    /// <summary>Makes sure the base image is there (pulling it if not) and returns its configuration (user, environment).</summary>
    private static async Task<Config?> EnsureBaseImageAsync(DockerClient docker, string baseImage, CancellationToken ct)
    {
        try
        {
            return (await docker.Images.InspectImageAsync(baseImage, ct).ConfigureAwait(false)).Config;
        }
        catch (DockerImageNotFoundException)
        {
            try
            {
                await docker.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = baseImage }, null, new Progress<JSONMessage>(), ct).ConfigureAwait(false);
                return (await docker.Images.InspectImageAsync(baseImage, ct).ConfigureAwait(false)).Config;
            }
            catch (DockerApiException e)
            {
                throw new LiveException(Messages.BaseImageMissing, baseImage, e.ResponseBody.Trim());
            }
        }
    }

    /// <summary>
    /// Builds the dev image and returns its environment (what the app is started with). It runs as the
    /// Dockerfile stage's user; made from the container properties, as <c>ContainerUser</c>, else — as the
    /// SDK's container publishing does — as the base image's <c>APP_UID</c> (1654 in the official images), else
    /// as the base image's user.
    /// </summary>
    public static async Task<IList<string>> BuildAsync(DockerClient docker, ImageRecipe recipe, string image, IReadOnlyDictionary<string, string> labels, IReporter reporter, CancellationToken ct)
    {
        if (recipe.IgnoredDockerfile is { } dockerfile)
        {
            reporter.Info(Messages.DockerfileNoBaseStage, dockerfile, ContainerSettings.DefaultStage, recipe.Description);
        }

        var clock = Stopwatch.StartNew();
        var from = await recipe.BaseAsync(docker, StageTag(image), labels, ct).ConfigureAwait(false);
        var config = await EnsureBaseImageAsync(docker, from, ct).ConfigureAwait(false);
        var appUid = config?.Env?.FirstOrDefault(e => e.StartsWith("APP_UID=", StringComparison.Ordinal))?["APP_UID=".Length..];
        var user = recipe.User ?? (recipe.RunsAsAppUid && appUid is { Length: > 0 } ? appUid : config?.User);
        using var context = BuildContext.Create(from, user, recipe.Lines, Path.GetDirectoryName(ToolLayout.SyncletAssembly)!, labels);
        await RunBuildAsync(docker, new ImageBuildParameters { Tags = [image], Remove = true, ForceRemove = true }, context, image, recipe.Description, ct).ConfigureAwait(false);
        reporter.Info(Messages.ImageBuilt, image, recipe.Description, clock.ElapsedMilliseconds);
        return (await docker.Images.InspectImageAsync(image, ct).ConfigureAwait(false)).Config?.Env ?? [];
    }

    /// <summary>One build through the Engine API; a failure ends with DLIVE3003 and the build's last lines.</summary>
    internal static async Task RunBuildAsync(DockerClient docker, ImageBuildParameters parameters, Stream context, string image, string madeFrom, CancellationToken ct)
    {
        var output = new Queue<string>();
        string? error = null;
        try
        {
            await docker.Images.BuildImageFromDockerfileAsync(parameters, context, null, null, new SynchronousProgress<JSONMessage>(m =>
            {
                foreach (var line in (m.Stream ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    output.Enqueue(line);
                    if (output.Count > ErrorLines)
                    {
                        output.Dequeue();
                    }
                }

                if ((m.Error?.Message ?? m.ErrorMessage) is { Length: > 0 } message)
                {
                    error = message.Trim();
                }
            }), ct).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            error = e.ResponseBody.Trim();
        }

        if (error is not null)
        {
            throw new LiveException(Messages.ImageBuildFailed, image, madeFrom, string.Concat(output.Append(error).Select(l => "\n    " + l)));
        }
    }

    /// <summary>The image a Dockerfile's stage is built as, next to the dev image.</summary>
    private static string StageTag(string image) => image[..image.LastIndexOf(':')] + ":stage";
}
