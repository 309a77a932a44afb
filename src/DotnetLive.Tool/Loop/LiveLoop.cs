using System.Diagnostics;
using System.Threading.Channels;
using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Errors;
using DotnetLive.Protocol.StaticAssets;
using DotnetLive.Tool.Build;
using DotnetLive.Tool.HotReload;
using DotnetLive.Tool.FileWatching;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.Targets;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Loop;

/// <summary>
/// The watch loop. It only orchestrates: debounced changes → (restore, evaluate) → build, cancelled by
/// a newer edit so the last edit wins → ship to the synclet → one line of timings. Building in the
/// cluster, the sources are shipped instead and the synclet builds them; its errors are shown as the
/// local build's are.
/// </summary>
internal sealed class LiveLoop(MsBuildWorkspace workspace, ProjectWatcher watcher, ILiveTarget target, SessionPublisher session, ChannelReader<LoopCommand> commands, IReporter reporter)
{

    private ProjectModel _project = null!;

    public async Task RunAsync(ProjectModel project, CancellationToken ct)
    {
        _project = project;
        watcher.Watch(project);
        await using var updater = new Updater(target, session, reporter, ct);

        reporter.Building(project.Name);
        var clock = Stopwatch.GetTimestamp();
        var connecting = updater.WarmUpAsync(ct);
        ShipOutcome? deployed;
        if (project.BuildsInCluster)
        {
            await connecting.ConfigureAwait(false);
            deployed = await ShipSourcesAsync(updater, ct).ConfigureAwait(false);
        }
        else
        {
            var build = await workspace.BuildAsync(ct).ConfigureAwait(false);
            await connecting.ConfigureAwait(false);
            deployed = Report(build) ? await updater.ShipAsync(project, UpdateRequest.Restart, ct).ConfigureAwait(false) : null;
        }

        if (deployed is { Refusal: null })
        {
            reporter.Info(Messages.Deployed, deployed.Changes.Writes.Count, deployed.Changes.UploadBytes, Since(clock));
            foreach (var url in target.AppUrls)
            {
                reporter.Info(Messages.ServingAt, url);
            }
        }

        var edits = watcher.NextBatchAsync(ct);
        var command = commands.WaitToReadAsync(ct).AsTask();
        while (true)
        {
            if (await Task.WhenAny(edits, command).ConfigureAwait(false) == edits)
            {
                await UpdateAsync(await edits.ConfigureAwait(false), updater, ct).ConfigureAwait(false);
                edits = watcher.NextBatchAsync(ct);
            }
            else
            {
                while (commands.TryRead(out var next))
                {
                    await RunAsync(next, updater, ct).ConfigureAwait(false);
                }

                command = commands.WaitToReadAsync(ct).AsTask();
            }
        }
    }

    private async Task RunAsync(LoopCommand command, Updater updater, CancellationToken ct)
    {
        switch (command)
        {
            case LoopCommand.Restart:
                await updater.RestartAppAsync(ct).ConfigureAwait(false);
                break;
            case LoopCommand.Resync when await (_project.BuildsInCluster ? updater.ShipSourcesAsync(SourceSet.From(_project), full: true, ct) : updater.ShipAsync(_project, UpdateRequest.Restart with { Full = true }, ct)).ConfigureAwait(false) is { Refusal: null } resync:
                reporter.Info(Messages.Resynced, resync.Changes.Writes.Count, resync.Changes.UploadBytes);
                break;
            case LoopCommand.Rebuild:
                // Through the watcher, so that the pending wait for edits sees it as one.
                watcher.RequestBuild();
                break;
        }
    }

    private async Task UpdateAsync(ChangeBatch batch, Updater updater, CancellationToken ct)
    {
        if (_project.BuildsInCluster)
        {
            await UpdateInClusterAsync(batch, updater, ct).ConfigureAwait(false);
            return;
        }

        if (IsStaticAssetEdit(batch))
        {
            // Nothing to build: ASP.NET Core serves these from where the static web assets manifest
            // says, not from the build output; they are shipped as they are and read by the running app.
            await ShipAsync(batch, updater, 0, ct).ConfigureAwait(false);
            return;
        }

        // Held from restore to ship. (The first build needs none: IDE builds take the lock once the session is published, after it.)
        using var buildLock = await ProjectBuildLock.AcquireAsync(_project, reporter, ct).ConfigureAwait(false);
        BuildOutcome build;
        while (true)
        {
            if (!await RefreshProjectAsync(batch, ct).ConfigureAwait(false))
            {
                return;
            }

            reporter.Building(_project.Name);
            using var buildCancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var building = workspace.BuildAsync(buildCancel.Token);
            var newerEdit = watcher.WaitForChangeAsync(ct).AsTask();
            if (await Task.WhenAny(building, newerEdit).ConfigureAwait(false) == building)
            {
                build = await building.ConfigureAwait(false);
                break;
            }

            // A newer edit makes this build stale: cancel it and build everything that changed.
            await buildCancel.CancelAsync().ConfigureAwait(false);
            try
            {
                await building.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // Expected.
            }

            reporter.Verbose("a newer edit arrived; build restarted");
            batch = batch.Merge(await watcher.NextBatchAsync(ct).ConfigureAwait(false));
        }

        if (Report(build))
        {
            await ShipAsync(batch, updater, build.ElapsedMs, ct).ConfigureAwait(false);
        }
    }

    private async Task ShipAsync(ChangeBatch batch, Updater updater, long buildMs, CancellationToken ct)
    {
        if (await updater.ShipAsync(_project, UpdateRequest.Restart, ct).ConfigureAwait(false) is not { } outcome)
        {
            return;
        }

        if (outcome.Applied is not { } applied)
        {
            reporter.Info(Messages.NoBinaryChange, buildMs);
            return;
        }

        reporter.Updated(UpdateSummary.Of(outcome, applied, buildMs, Since(batch.FirstTimestamp)));
    }

    /// <summary>Only saves of files the app serves as static web assets (its wwwroot's, a Razor class library's).</summary>
    private bool IsStaticAssetEdit(ChangeBatch batch)
    {
        if (!batch.Changes.All(c => c.Kind == FileChangeKind.Content))
        {
            return false;
        }

        var assets = StaticWebAssetsLayout.Sources(_project.OutputDirectory);
        return batch.Changes.All(c => assets.Contains(c.Path));
    }

    /// <summary>Build in the cluster: the edited sources go to the synclet, which builds and restarts the app.</summary>
    private async Task UpdateInClusterAsync(ChangeBatch batch, Updater updater, CancellationToken ct)
    {
        if (!await RefreshProjectAsync(batch, ct).ConfigureAwait(false))
        {
            return;
        }

        reporter.Building(_project.Name);
        if (await ShipSourcesAsync(updater, ct).ConfigureAwait(false) is not { Refusal: null, Applied: { } applied } outcome)
        {
            return;
        }

        if (applied.RestartMs == 0)
        {
            reporter.Info(Messages.NoBinaryChangeInCluster, applied.BuildMs);
            return;
        }

        reporter.Updated(UpdateSummary.Of(outcome, applied, applied.BuildMs, Since(batch.FirstTimestamp)));
    }

    /// <summary>Ships the project's sources; a build that failed in the container is reported like a local one, with the developer's paths.</summary>
    private async Task<ShipOutcome?> ShipSourcesAsync(Updater updater, CancellationToken ct)
    {
        var sources = SourceSet.From(_project);
        var outcome = await updater.ShipSourcesAsync(sources, full: false, ct).ConfigureAwait(false);
        if (outcome is { Refusal.Code: DiagnosticCodes.SyncletBuildFailed, Applied: { } failed })
        {
            var errors = (failed.BuildErrors ?? [])
                .Select(line => BuildDiagnostic.Parse(line) is { File: { Length: > 0 } file } diagnostic
                    ? diagnostic with { File = sources.LocalPath(file) }
                    : new BuildDiagnostic(null, 0, 0, null, line))
                .ToList();
            reporter.BuildFailed(errors, _project.ProjectDirectory);
            return outcome;
        }

        if (outcome is { Refusal: null })
        {
            reporter.BuildSucceeded();
        }

        return outcome;
    }

    /// <summary>Restores and re-evaluates when the batch needs it; false when there is nothing to build.</summary>
    private async Task<bool> RefreshProjectAsync(ChangeBatch batch, CancellationToken ct)
    {
        // Building in the cluster, restore happens there, where the build is; here the project is only read again.
        if (batch.Has(FileChangeKind.ProjectFile) && _project.BuildsInCluster)
        {
            workspace.Reset();
        }
        else if (batch.Has(FileChangeKind.ProjectFile))
        {
            reporter.Info(Messages.Restoring);
            var restore = await workspace.RestoreAsync(ct).ConfigureAwait(false);
            if (!restore.Succeeded)
            {
                reporter.BuildFailed(restore.Errors, _project.ProjectDirectory);
                return false;
            }
        }

        if (!batch.Has(FileChangeKind.ProjectFile) && !batch.Has(FileChangeKind.Structure))
        {
            return true;
        }

        ProjectModel evaluated;
        try
        {
            evaluated = workspace.Evaluate();
        }
        catch (LiveException e)
        {
            reporter.Error(e.Message);
            return false;
        }

        var inputsChanged = !evaluated.SourceFiles.SetEquals(_project.SourceFiles) || !evaluated.ProjectFiles.SetEquals(_project.ProjectFiles);
        _project = evaluated;
        watcher.Watch(evaluated);
        return inputsChanged || batch.Has(FileChangeKind.Content) || batch.Has(FileChangeKind.ProjectFile);
    }

    private bool Report(BuildOutcome build)
    {
        if (build.Succeeded)
        {
            reporter.BuildSucceeded();
            return true;
        }

        reporter.BuildFailed(build.Errors, _project.ProjectDirectory);
        return false;
    }

    private static long Since(long timestamp) => (long)Stopwatch.GetElapsedTime(timestamp).TotalMilliseconds;
}
