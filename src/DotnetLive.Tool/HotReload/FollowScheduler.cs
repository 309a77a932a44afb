using System.Diagnostics;
using DotnetLive.Protocol.Client;
using DotnetLive.Tool.Build;
using DotnetLive.Tool.Loop;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.HotReload;

/// <summary>
/// The files-follow builds of a Hot Reload session: once the edits dotnet watch applied pause, the same
/// code is built in the tool's own warm workspace (its outputs apart from dotnet watch's, see
/// <see cref="Properties"/>) and the files are moved under the running app without restarting it, so
/// that whatever starts the app next — a new replica, a restart — runs the edited code. A newer edit
/// starts the wait again. Each follow is a task it owns: disposing it cancels them and waits for them.
/// </summary>
/// <param name="following">Held while the tool's own workspace builds and ships (shared with the saved files and the restarts).</param>
internal sealed class FollowScheduler(MsBuildWorkspace workspace, ProjectModel project, Updater updater, SemaphoreSlim following, IReporter reporter, CancellationToken sessionEnd) : IAsyncDisposable
{
    /// <summary>
    /// Where the tool's own builds go in a Hot Reload session: relative, so each project of the graph
    /// keeps its own folders (MSBuild resolves them against the project being built), and under obj/,
    /// away from dotnet watch's bin/ and obj/ — its Hot Reload baseline is the output it built.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Properties = new Dictionary<string, string>
    {
        ["IntermediateOutputPath"] = "obj/dotnet-live/follow/obj/",
        ["OutDir"] = "obj/dotnet-live/follow/bin/",
    };

    /// <summary>How long the edits must pause before the files follow them (a build competes with the next edit for the CPU).</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    private readonly OwnedTasks _follows = new(sessionEnd);

    // Not disposed when replaced: a follow still running may hold its token (no timer, nothing to release).
    private CancellationTokenSource _pending = new();

    /// <summary>Builds and moves the files once the edits pause; a newer edit starts the wait again and cancels a build in progress.</summary>
    public void Schedule()
    {
        var pending = new CancellationTokenSource();
        Interlocked.Exchange(ref _pending, pending).Cancel();
        _follows.Start(end => FollowAsync(pending.Token, end));
    }

    /// <summary>Cancels the follow that waits or builds (a restart is coming); done once the cancellation's callbacks have run.</summary>
    public Task CancelAsync()
    {
        // Requested at once; the callbacks (the build's cancellation among them) run on the thread pool.
        var cancelling = Interlocked.Exchange(ref _pending, new CancellationTokenSource()).CancelAsync();
        return _follows.Start(_ => cancelling);
    }

    public ValueTask DisposeAsync() => _follows.DisposeAsync();

    private async Task FollowAsync(CancellationToken pending, CancellationToken end)
    {
        try
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(pending, end);
            await Task.Delay(Quiet, cancel.Token).ConfigureAwait(false);
            await following.WaitAsync(cancel.Token).ConfigureAwait(false);
            try
            {
                // A newer edit cancels the build; once built, the files go whole or not at all (an upload
                // cut in the middle would cost the connection), so only the session's end stops that.
                var clock = Stopwatch.GetTimestamp();
                var build = await workspace.BuildAsync(cancel.Token).ConfigureAwait(false);
                if (!build.Succeeded)
                {
                    reporter.Verbose($"the files were not moved: the follow-up build failed ({build.Errors.Count} error(s))");
                    return;
                }

                pending.ThrowIfCancellationRequested();
                if (await updater.ShipAsync(project, new UpdateRequest.FilesOnly(), end).ConfigureAwait(false) is { Applied: not null } moved)
                {
                    reporter.Info(Messages.FilesFollowed, moved.Changes.Writes.Count + moved.Changes.Deletes.Count, moved.Changes.UploadBytes, (long)Stopwatch.GetElapsedTime(clock).TotalMilliseconds);
                }
            }
            finally
            {
                following.Release();
            }
        }
        catch (OperationCanceledException)
        {
            // A newer edit, a restart or the end of the session.
        }
#pragma warning disable CA1031 // Runs on its own: whatever fails is said, and the session goes on (the next pause tries again).
        catch (Exception e)
#pragma warning restore CA1031
        {
            reporter.Error(Messages.FollowFailed, e.Message);
        }
    }
}
