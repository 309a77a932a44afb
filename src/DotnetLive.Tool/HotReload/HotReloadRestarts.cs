using System.Diagnostics;
using DotnetLive.Protocol.Client;
using DotnetLive.Tool.Build;
using DotnetLive.Tool.FileWatching;
using DotnetLive.Tool.Loop;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.HotReload;

/// <summary>
/// A Hot Reload session's restart, on the tool's warm path: what dotnet watch cannot apply (a rude edit,
/// code that has already run, the fix of an app that crashed) is built by the tool's in-process MSBuild
/// (<paramref name="workspace"/>, evaluated with dotnet watch's own output folders), shipped and the app
/// restarted, as without Hot Reload. The app keeps its Hot Reload agent (the synclet answers it), so the
/// next dotnet watch session, whose build finds these outputs up to date, joins the running app instead
/// of restarting it again. The build holds the project's build lock, which dotnet watch's builds wait
/// for; a dotnet watch session still running must be one that is starting again (a rude edit), not one
/// that reads those folders as its baseline.
/// </summary>
internal sealed class HotReloadRestarts(MsBuildWorkspace workspace, ProjectModel project, ProjectWatcher watcher, IReporter reporter)
{
    private DateTime _projectWritten = ProjectWritten(project.ProjectPath);

    /// <summary>The app's assembly as this path builds it (the one the restarted app runs).</summary>
    public string AppAssembly => Path.Combine(project.OutputDirectory, project.TargetFileName);

    /// <summary>Builds and restarts the app for <paramref name="reason"/>; false when the build failed (its errors are shown).</summary>
    /// <param name="full">Send every file again (the HUD's resync).</param>
    /// <param name="always">Restart the app even when the build changed nothing (the HUD's and the dashboard's restart).</param>
    public async Task<bool> RestartAsync(Updater updater, string reason, bool full, bool always, CancellationToken ct)
    {
        var edited = watcher.LastChangeTimestamp;
        var written = ProjectWritten(project.ProjectPath);
        if (written != _projectWritten)
        {
            // The project file changed (a package or project reference): read it again.
            workspace.Reset();
            _projectWritten = written;
        }

        // dotnet watch's next build waits for this one (and its ship), then finds the outputs up to date.
        using var held = await ProjectBuildLock.AcquireAsync(project, reporter, ct).ConfigureAwait(false);
        reporter.Building(project.Name);
        var build = await workspace.BuildAsync(ct).ConfigureAwait(false);
        if (!build.Succeeded)
        {
            reporter.BuildFailed(build.Errors, project.ProjectDirectory);
            return false;
        }

        reporter.BuildSucceeded();
        var outcome = await updater.ShipAsync(project, new UpdateRequest.Binaries(KeepLaunch: true) { Full = full }, ct).ConfigureAwait(false);
        if (outcome?.Applied is not { } applied)
        {
            if (outcome is not null)
            {
                reporter.Info(Messages.NoBinaryChange, build.ElapsedMs);
            }

            if (always)
            {
                await updater.RestartAppAsync(ct).ConfigureAwait(false);
            }

            return true;
        }

        var editToServing = edited == 0 ? 0 : (long)Stopwatch.GetElapsedTime(edited).TotalMilliseconds;
        reporter.Updated(UpdateSummary.Of(outcome, applied, build.ElapsedMs, editToServing) with { Reason = reason });
        return true;
    }

    private static DateTime ProjectWritten(string path) => File.GetLastWriteTimeUtc(path);
}
