using System.Diagnostics;
using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.StaticAssets;
using DotnetLive.Tool.Build;
using DotnetLive.Tool.FileWatching;
using DotnetLive.Tool.Loop;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.HotReload;

/// <summary>
/// In a Hot Reload session, the saved files that are not code. dotnet watch applies code and Razor
/// edits and tells an open browser about a static file, but the app's files are the synclet's: a saved
/// static web asset (wwwroot, a Razor class library's) is shipped at once, and the running app serves
/// it through the live release's link; any other saved file the build copies (appsettings.json) is
/// built and shipped at once, and the app reads it live. Neither restarts the app.
/// </summary>
/// <param name="following">Held while the tool's own workspace builds and ships (shared with the files-follow build).</param>
/// <param name="codeSaved">Told of each save that has code in it, with when it was seen (dotnet watch's business, unless the app is down).</param>
internal sealed class SavedFiles(MsBuildWorkspace workspace, ProjectModel project, ProjectWatcher watcher, Updater updater, SemaphoreSlim following, Action<long> codeSaved, IReporter reporter)
{
    private static readonly TimeSpan ShipWait = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Every change the watcher saw up to this Stopwatch timestamp has been handled.</summary>
    private long _handledThrough;

    public async Task RunAsync(CancellationToken ct)
    {
        watcher.Watch(project);
        while (true)
        {
            ChangeBatch batch;
            try
            {
                batch = await watcher.NextBatchAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (batch.Changes.Where(c => IsCode(c.Path)).Select(c => c.Timestamp).DefaultIfEmpty().Max() is > 0 and var savedAt)
            {
                codeSaved(savedAt);
            }

            // Code is dotnet watch's: a save of only code reads no manifest.
            if (batch.Changes.All(c => IsCode(c.Path)))
            {
                Volatile.Write(ref _handledThrough, batch.Changes.Max(c => c.Timestamp));
                continue;
            }

            // Saved files the app has, and files new or gone next to its static web assets; an editor's
            // temporary files are neither.
            var output = WatchOutput();
            var assets = StaticWebAssetsLayout.Sources(output);
            var folders = assets.Select(Path.GetDirectoryName).ToHashSet(StringComparer.Ordinal);
            var saved = batch.Changes
                .Where(c => !IsCode(c.Path) && (project.SourceFiles.Contains(c.Path) || assets.Contains(c.Path) || folders.Contains(Path.GetDirectoryName(c.Path))))
                .ToList();
            if (saved.Count > 0)
            {
                await ShipFilesAsync(batch, saved.All(c => c.Kind == FileChangeKind.Content && assets.Contains(c.Path)) ? output : null, ct).ConfigureAwait(false);
            }

            Volatile.Write(ref _handledThrough, batch.Changes.Max(c => c.Timestamp));
        }
    }

    /// <summary>What dotnet watch compiles into deltas (and so the follow-up build ships once the edits pause).</summary>
    private static bool IsCode(string path) =>
        Path.GetExtension(path) is ".cs" or ".razor" or ".cshtml" or ".resx" or ".csproj" or ".props" or ".targets";

    /// <summary>The build output the app was started from (dotnet watch's, as its relay recorded it); the tool's own until there is one.</summary>
    private string WatchOutput() => RelayRecord.Read(project.SessionPath)?.OutputDirectory ?? project.OutputDirectory;

    /// <summary>
    /// Completes once every save the watcher had seen when it was called is in the app (or needed
    /// nothing), or after <see cref="ShipWait"/>: an open page may then fetch the files again.
    /// </summary>
    public async Task UntilShippedAsync(CancellationToken ct)
    {
        var seen = watcher.LastChangeTimestamp;
        var waited = Stopwatch.StartNew();
        while (Volatile.Read(ref _handledThrough) < seen && waited.Elapsed < ShipWait)
        {
            await Task.Delay(PollInterval, ct).ConfigureAwait(false);
        }
    }

    /// <param name="assetsFrom">Only edits of static web assets this output names: shipped as they are, at once. Null: build, then ship.</param>
    private async Task ShipFilesAsync(ChangeBatch batch, string? assetsFrom, CancellationToken ct)
    {
        try
        {
            BuildOutcome? build = null;
            ShipOutcome? outcome;
            if (assetsFrom is not null)
            {
                // No build, so no wait for one: the asset is served as soon as it is there.
                outcome = await updater.ShipAssetsAsync(assetsFrom, ct).ConfigureAwait(false);
            }
            else
            {
                await following.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    build = await workspace.BuildAsync(ct).ConfigureAwait(false);
                    if (!build.Succeeded)
                    {
                        reporter.Verbose($"the saved files were not shipped: the build failed ({build.Errors.Count} error(s))");
                        return;
                    }

                    outcome = await updater.ShipAsync(project, new UpdateRequest.FilesOnly(), ct).ConfigureAwait(false);
                }
                finally
                {
                    following.Release();
                }
            }

            if (outcome is { Applied: { } applied, Refusal: null })
            {
                reporter.Updated(UpdateSummary.Of(outcome, applied, build?.ElapsedMs ?? 0, (long)Stopwatch.GetElapsedTime(batch.FirstTimestamp).TotalMilliseconds));
            }
        }
        catch (OperationCanceledException)
        {
            // The end of the session.
        }
#pragma warning disable CA1031 // Runs on its own: whatever fails is said, and the session goes on (the next save tries again).
        catch (Exception e)
#pragma warning restore CA1031
        {
            reporter.Error(Messages.FollowFailed, e.Message);
        }
    }
}
