using System.Diagnostics;
using System.Threading.Channels;
using DotnetLive.Protocol.Messages;
using DotnetLive.Tool.Build;
using DotnetLive.Tool.Cli;
using DotnetLive.Tool.FileWatching;
using DotnetLive.Tool.Loop;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.Targets;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.HotReload;

/// <summary>
/// The session with Hot Reload: the user's own SDK is the engine. `dotnet watch` watches, builds,
/// computes the deltas and decides what is a rude edit; its app is the tool's relay
/// (<see cref="HotReloadRelay"/>), which ships the output to the target's synclet and tunnels the
/// SDK's agent to the app there. This loop keeps the synclet connection (app logs, crashes), runs
/// dotnet watch, tells the HUD what each of its lines means, and starts it again when a restart is asked
/// for or the synclet came back, so that the engine's baseline is always the code the app runs.
/// After edits were hot-reloaded, once the edits pause, it builds the same code in its own warm
/// workspace (<paramref name="workspace"/>, whose outputs are apart from dotnet watch's, see
/// <see cref="FollowScheduler"/>) and moves the files under the running app without restarting it,
/// so that whatever starts the app next — a new replica, a restart — runs the edited code. The saved
/// files dotnet watch does not compile are shipped by <see cref="SavedFiles"/>.
/// What dotnet watch cannot apply — a rude edit, the fix of an app that crashed, the HUD's commands — is
/// not left to its cold rebuild: dotnet watch is stopped, the tool builds, ships and restarts the app on
/// its warm path (<see cref="HotReloadRestarts"/>), and a new dotnet watch session joins the running app.
/// </summary>
internal sealed partial class HotReloadLoop(MsBuildWorkspace workspace, ProjectModel project, HotReloadRestarts restarts, IReadOnlyDictionary<string, string> properties, string dotnet, ILiveTarget target, SessionPublisher session, ProjectWatcher watcher, ChannelReader<LoopCommand> commands, IReporter reporter)
{
    private static readonly TimeSpan ShortLived = TimeSpan.FromSeconds(15);
    private const int MaxShortLivedRuns = 3;

    private readonly Channel<bool> _syncletReturned = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Why the app must be restarted on the tool's path (the first reason of a burst; the others are the same restart).</summary>
    private readonly Channel<Restart> _restarts = Channel.CreateBounded<Restart>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim _following = new(1, 1);
    private readonly WatchEvents _events = new();

    /// <summary>
    /// One of several services: each dotnet watch session builds the projects they share when it starts,
    /// so it waits for its turn (<see cref="BuildTurns"/>) and keeps it until it watches.
    /// </summary>
    public bool StartsTakeTurns { get; init; }

    private static readonly TimeSpan StartTurnLimit = TimeSpan.FromMinutes(2);

    /// <summary>dotnet watch said it cannot watch files (the inotify limit): starting it again cannot help.</summary>
    private volatile bool _watchLimitReached;

    /// <summary>The turn the starting dotnet watch session holds, until it watches, fails to build or ends (or two minutes pass).</summary>
    private IDisposable? _startTurn;

    // Made by RunAsync, before dotnet watch or the watcher can call on them.
    private Updater? _updater;
    private FollowScheduler? _follows;
    private OwnedTasks? _background;

    /// <summary>When the build the running engine session started from was begun, and when code was last saved (Stopwatch timestamps).</summary>
    private long _builtAt;
    private long _codeSaved;

    /// <summary>When dotnet watch last said it applied an edit (Stopwatch timestamp; 0: never).</summary>
    private long _hotReloadedAt;

    /// <summary>The save or applied edit a crash restart was made for already: one restart each, never a loop.</summary>
    private long _crashRestartFor;

    /// <summary>A crash this soon after an edit went to the app in place is taken as the edit's (see <see cref="OnAppChanged"/>).</summary>
    private static readonly TimeSpan EditCrashWindow = TimeSpan.FromSeconds(10);

    /// <summary>The start-up code of the build the app runs (read when it starts), against which each save of code is checked (<see cref="OnCodeSaved"/>).</summary>
    private StartupCode? _startup;

    public async Task RunAsync(CancellationToken ct)
    {
        await using var updater = new Updater(target, session, reporter, ct) { Reconnected = () => _syncletReturned.Writer.TryWrite(true), AppChanged = OnAppChanged };
        await using var follows = new FollowScheduler(workspace, project, updater, _following, reporter, ct);
        await using var background = new OwnedTasks(ct);
        (_updater, _follows, _background) = (updater, follows, background);
        await WatchProcess.StopLeftoverAsync(project, reporter).ConfigureAwait(false);
        await updater.WarmUpAsync(ct).ConfigureAwait(false);
        reporter.Info(Messages.HotReloadOn, project.Name);
        foreach (var url in target.AppUrls)
        {
            reporter.Info(Messages.ServingAt, url);
        }

        var saved = new SavedFiles(workspace, project, watcher, updater, _following, OnCodeSaved, reporter);
        await using var refresh = new BrowserRefreshProxy(() => RelayRecord.Read(project.SessionPath)?.RefreshEndpoint, saved.UntilShippedAsync);
        refresh.Start();
        // Owned, so that it stops with the session however the session ends (it reads the watcher: a
        // loop that takes over the service, without Hot Reload, must be the watcher's only reader).
        var files = background.Start(saved.RunAsync);
        var shortLived = 0;
        var afterRestart = false;
        while (!files.IsCompleted)
        {
            var started = Stopwatch.GetTimestamp();
            if (!afterRestart)
            {
                // This session's build is dotnet watch's own, from now.
                Volatile.Write(ref _builtAt, started);
            }

            afterRestart = false;
            _events.NotWatching();
            if (StartsTakeTurns)
            {
                var turn = await BuildTurns.TakeAsync(ct).ConfigureAwait(false);
                Volatile.Write(ref _startTurn, turn);

                // However it goes, the other services get their turn in the end.
                _ = background.Start(async end =>
                {
                    await Task.Delay(StartTurnLimit, end).ConfigureAwait(false);
                    if (Interlocked.CompareExchange(ref _startTurn, null, turn) == turn)
                    {
                        turn.Dispose();
                    }
                });
            }

            using var watch = WatchProcess.Start(project, dotnet, properties, refresh.Endpoint, OnLine, reporter);
            var exited = watch.WaitForExitAsync(ct);
            var command = commands.WaitToReadAsync(ct).AsTask();
            var returned = _syncletReturned.Reader.WaitToReadAsync(ct).AsTask();
            var restart = _restarts.Reader.WaitToReadAsync(ct).AsTask();
            Restart? warm = null;
            Task stopped;
            try
            {
                var woke = await Task.WhenAny(exited, command, returned, restart).ConfigureAwait(false);
                await woke.ConfigureAwait(false);
                if (woke == restart || woke == command)
                {
                    warm = _restarts.Reader.TryRead(out var asked) ? asked : null;
                    while (commands.TryRead(out var next))
                    {
                        warm ??= new Restart(Messages.RestartAsked.Render(next.ToString().ToLowerInvariant()), Full: next == LoopCommand.Resync, Always: next == LoopCommand.Restart);
                    }
                }
                else if (woke == exited && _watchLimitReached)
                {
                    throw new LiveException(Messages.WatchLimit, InotifyLimit());
                }
                else if (woke == exited)
                {
                    // Started again, unless it cannot even start (an SDK without dotnet watch, a broken install).
                    shortLived = Stopwatch.GetElapsedTime(started) < ShortLived ? shortLived + 1 : 0;
                    if (shortLived >= MaxShortLivedRuns)
                    {
                        throw new LiveException(Messages.EngineFails, shortLived, watch.ExitCode);
                    }

                    reporter.Error(Messages.EngineExited, watch.ExitCode);
                    await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
                    continue;
                }
                else
                {
                    // A synclet that came back starts plainly: a fresh engine session ships to it and restarts the app with Hot Reload.
                    while (_syncletReturned.Reader.TryRead(out _))
                    {
                    }

                    reporter.Info(Messages.EngineRestarting);
                }
            }
            finally
            {
                EndStartTurn();
                await follows.CancelAsync().ConfigureAwait(false);

                // Killed, its files are safe to build: a restart does not wait for the tree to be reaped.
                stopped = watch.StopAsync();
                if (warm is null)
                {
                    await stopped.ConfigureAwait(false);
                }
            }

            if (warm is not null)
            {
                await _following.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    // This build serves every save so far (what asked for a restart again before it, dotnet watch
                    // seeing the same edit, is served by it); the next engine session starts from it, and a save
                    // from now on must reach that session.
                    while (_restarts.Reader.TryRead(out _))
                    {
                    }

                    Volatile.Write(ref _builtAt, Stopwatch.GetTimestamp());
                    afterRestart = true;
                    if (await restarts.RestartAsync(updater, warm.Reason, warm.Full, warm.Always, ct).ConfigureAwait(false))
                    {
                        Volatile.Write(ref _startup, StartupCode.Read(restarts.AppAssembly));
                    }
                }
                finally
                {
                    _following.Release();
                }

                await stopped.ConfigureAwait(false);
            }
        }

        await files.ConfigureAwait(false);
    }

    /// <summary>The user's limit of inotify instances (each dotnet watch takes one per folder it watches), as the kernel says it.</summary>
    private static string InotifyLimit()
    {
        try
        {
            return File.ReadAllText("/proc/sys/fs/inotify/max_user_instances").Trim();
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>Gives up the turn of the dotnet watch session that was starting (if it had one).</summary>
    private void EndStartTurn() => Interlocked.Exchange(ref _startTurn, null)?.Dispose();

    /// <summary>
    /// The app exited on its own while, or just after, an edit was applied to it in place: the
    /// framework's handling of the update threw (Blazor's re-render of a response in flight does), or the
    /// edited code did at once. The code compiled, so the app is restarted with it (once per edit) rather
    /// than left down until the next save.
    /// </summary>
    private void OnAppChanged(AppEvent app)
    {
        var editAt = Math.Max(Volatile.Read(ref _codeSaved), Volatile.Read(ref _hotReloadedAt));
        if (app.EndedOnItsOwn && editAt > Volatile.Read(ref _crashRestartFor)
            && editAt > Volatile.Read(ref _builtAt) && Stopwatch.GetElapsedTime(editAt) < EditCrashWindow)
        {
            Volatile.Write(ref _crashRestartFor, editAt);
            _restarts.Writer.TryWrite(new Restart(Messages.EditCrashRestart.Render(), Full: false));
        }
    }

    /// <summary>
    /// A save of code (seen at <paramref name="savedAt"/>). While the app is down (it crashed, or never
    /// started) dotnet watch waits for a save too; that, and an edit to start-up code, the tool's restart path serves.
    /// </summary>
    private void OnCodeSaved(long savedAt)
    {
        Volatile.Write(ref _codeSaved, savedAt);
        if (savedAt > Volatile.Read(ref _builtAt) && savedAt < _events.WatchingAt)
        {
            // Saved before the session watched, but seen only after it said so.
            SavedWhileStarting();
        }
        else if (_updater is { AppRunning: false })
        {
            _restarts.Writer.TryWrite(new Restart(Messages.CrashedRestart.Render(), Full: false));
        }
        else if (Volatile.Read(ref _startup)?.Changed() is { } startup)
        {
            // Start-up code: a restart whatever dotnet watch makes of it, without waiting for its verdict.
            _restarts.Writer.TryWrite(new Restart(startup, Full: false));
        }
    }

    /// <summary>A restart on the tool's path: why (the update line says it), whether every file is sent again, and whether the app restarts when nothing changed (asked for).</summary>
    private sealed record Restart(string Reason, bool Full, bool Always = false);
}
