using DotnetLive.Protocol.Sessions;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Build;

/// <summary>
/// The project's <see cref="BuildLock"/> (next to its output manifest), as the tool's builds take it:
/// a LiveDeploy build (an IDE's) or dotnet watch's waits for it, and the tool waits for theirs, so two
/// builds never write obj/ and bin/ at once. Waiting and failing are said, never fatal.
/// </summary>
internal static class ProjectBuildLock
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<BuildLock?> AcquireAsync(ProjectModel project, IReporter reporter, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetDirectoryName(project.ManifestPath)!, BuildLock.FileName);
        try
        {
            var held = await BuildLock.AcquireAsync(path, Timeout, () => reporter.Info(Messages.WaitingForBuild), ct).ConfigureAwait(false);
            if (held is null)
            {
                reporter.Info(Messages.BuildLockTimedOut, Timeout.TotalSeconds);
            }

            return held;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reporter.Info(Messages.BuildLockUnavailable, path, e.Message);
            return null;
        }
    }
}
