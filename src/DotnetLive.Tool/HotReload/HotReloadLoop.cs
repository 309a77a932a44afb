using System.Diagnostics;
using System.Threading.Channels;
using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Sessions;
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
/// <see cref="FollowProperties"/>) and moves the files under the running app without restarting it,
/// so that whatever starts the app next — a new replica, a restart — runs the edited code. The saved
/// files dotnet watch does not compile are shipped by <see cref="SavedFiles"/>.
/// What dotnet watch cannot apply — a rude edit, the fix of an app that crashed, the HUD's commands — is
/// not left to its cold rebuild: dotnet watch is stopped, the tool builds, ships and restarts the app on
/// its warm path (<see cref="HotReloadRestarts"/>), and a new dotnet watch session joins the running app.
/// </summary>
internal sealed class HotReloadLoop(MsBuildWorkspace workspace, ProjectModel project, HotReloadRestarts restarts, IReadOnlyDictionary<string, string> properties, string dotnet, ILiveTarget target, SessionPublisher session, ProjectWatcher watcher, ChannelReader<LoopCommand> commands, IReporter reporter)
{
    /// <summary>
    /// Where the tool's own builds go in a Hot Reload session: relative, so each project of the graph
    /// keeps its own folders (MSBuild resolves them against the project being built), and under obj/,
    /// away from dotnet watch's bin/ and obj/ — its Hot Reload baseline is the output it built.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> FollowProperties = new Dictionary<string, string>
    {
        ["IntermediateOutputPath"] = "obj/dotnet-live/follow/obj/",
        ["OutDir"] = "obj/dotnet-live/follow/bin/",
    };

    /// <summary>How long the edits must pause before the files follow them (a build competes with the next edit for the CPU).</summary>
    private static readonly TimeSpan FollowQuiet = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ErrorQuiet = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan ShortLived = TimeSpan.FromSeconds(15);
    private const int MaxShortLivedRuns = 3;

    private readonly Channel<bool> _syncletReturned = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Why the app must be restarted on the tool's path (the first reason of a burst; the others are the same restart).</summary>
    private readonly Channel<Restart> _restarts = Channel.CreateBounded<Restart>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim _following = new(1, 1);
    private readonly Lock _errorsGate = new();
    private readonly List<BuildDiagnostic> _errors = [];
    private bool _errorsShown;
    private long _errorsVersion;

    // Not disposed when replaced: a follow still running may hold its token (no timer, nothing to release).
    private CancellationTokenSource _followPending = new();
    private Updater? _updater;

    /// <summary>When the build the running engine session started from was begun, and when code was last saved (Stopwatch timestamps).</summary>
    private long _builtAt;
    private long _codeSaved;

    /// <summary>When dotnet watch last said it applied an edit (Stopwatch timestamp; 0: never).</summary>
    private long _hotReloadedAt;

    /// <summary>The save or applied edit a crash restart was made for already: one restart each, never a loop.</summary>
    private long _crashRestartFor;

    /// <summary>A crash this soon after an edit went to the app in place is taken as the edit's (see <see cref="OnAppChanged"/>).</summary>
    private static readonly TimeSpan EditCrashWindow = TimeSpan.FromSeconds(10);

    /// <summary>When the running engine session said it watches (long.MaxValue until it does).</summary>
    private long _watchingAt = long.MaxValue;
    private int _restartingBeside;

    /// <summary>The relay's started line, held until dotnet watch watches (<see cref="SayReady"/>).</summary>
    private readonly Lock _readyGate = new();
    private string? _started;
    private bool _watching;

    /// <summary>The start-up code of the build the app runs (read when it starts), against which each save of code is checked (<see cref="OnCodeSaved"/>).</summary>
    private StartupCode? _startup;
    private Uri? _refreshProxy;
    private CancellationToken _sessionEnd;

    public async Task RunAsync(CancellationToken ct)
    {
        await using var updater = new Updater(target, session, reporter, ct) { Reconnected = () => _syncletReturned.Writer.TryWrite(true), AppChanged = OnAppChanged };
        _updater = updater;
        _sessionEnd = ct;
        StopLeftoverWatch();
        await updater.WarmUpAsync(ct).ConfigureAwait(false);
        reporter.Info(Messages.HotReloadOn, project.Name);
        foreach (var url in target.AppUrls)
        {
            reporter.Info(Messages.ServingAt, url);
        }

        var saved = new SavedFiles(workspace, project, watcher, updater, _following, OnCodeSaved, reporter);
        await using var refresh = new BrowserRefreshProxy(() => RelayRecord.Read(project.SessionPath)?.RefreshEndpoint, saved.UntilShippedAsync);
        refresh.Start();
        _refreshProxy = refresh.Endpoint;
        var files = saved.RunAsync(ct);
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
            NotWatching();
            using var watch = StartWatch();
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
                        warm ??= new Restart(Messages.RestartAsked.Render(next.ToString().ToLowerInvariant()), Full: next == LoopCommand.Resync);
                    }
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
                await CancelFollowAsync().ConfigureAwait(false);

                // Killed, its files are safe to build: a restart does not wait for the tree to be reaped.
                stopped = Stop(watch);
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
                    if (await restarts.RestartAsync(updater, warm.Reason, warm.Full, ct).ConfigureAwait(false))
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

    private Process StartWatch()
    {
        var info = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = project.ProjectDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["watch", "--non-interactive", "--project", project.ProjectPath])
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in properties)
        {
            info.ArgumentList.Add($"--property:{name}={value}");
        }

        // Read as MSBuild properties by every build and `dotnet run` dotnet watch starts (see DotnetLive.Tasks.targets).
        info.Environment["CustomAfterMicrosoftCommonTargets"] = ToolLayout.TasksTargets;
        info.Environment["DotnetLiveHotReload"] = "true";
        info.Environment["DotnetLiveRelay"] = ToolLayout.ToolAssembly;
        info.Environment["DotnetLiveHost"] = dotnet;
        if (_refreshProxy is { } proxy)
        {
            info.Environment[HotReloadRelay.RefreshProxyVariable] = proxy.ToString().TrimEnd('/');
        }

        // A rude edit is rebuilt by dotnet watch's own `dotnet build`: with the compiler server, as the
        // tool's builds are, whatever the environment says (CI machines often turn it off).
        info.Environment["UseSharedCompilation"] = "true";

        // Its builds leave no MSBuild node behind once the session is over (the tool builds the app's edits itself).
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        // The lines are read by WatchLine: keep them in English, and restart on a rude edit without asking.
        info.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        info.Environment["DOTNET_WATCH_RESTART_ON_RUDE_EDIT"] = "true";
        info.Environment["DOTNET_WATCH_SUPPRESS_EMOJIS"] = "1";

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Handle(e.Data);
        process.ErrorDataReceived += (_, e) => Handle(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        reporter.Verbose($"dotnet watch started (pid {process.Id})");
        File.WriteAllText(WatchPidPath, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{process.Id} {process.StartTime.ToUniversalTime().Ticks}"));
        return process;
    }

    /// <summary>Where the running dotnet watch is recorded, so that one a killed tool left behind is stopped by the next session.</summary>
    private string WatchPidPath => Path.Combine(Path.GetDirectoryName(project.SessionPath)!, "watch.pid");

    private void StopLeftoverWatch()
    {
        try
        {
            var recorded = File.ReadAllText(WatchPidPath).Split(' ');
            var pid = int.Parse(recorded[0], System.Globalization.CultureInfo.InvariantCulture);
            if (LiveSessionFile.IsRunning(pid, long.Parse(recorded[1], System.Globalization.CultureInfo.InvariantCulture)))
            {
                reporter.Verbose($"stopping the dotnet watch (pid {pid}) a previous session left running");
                using var leftover = Process.GetProcessById(pid);
                leftover.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException or ArgumentException or InvalidOperationException)
        {
            // None recorded, or it has ended.
        }
    }

    private void Handle(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        var (kind, text) = WatchLine.Classify(line);
        switch (kind)
        {
            case WatchLineKind.HotReloaded:
                Volatile.Write(ref _hotReloadedAt, Stopwatch.GetTimestamp());
                ClearErrors();
                reporter.HotReloaded(UpdateSummary.HotReloaded(DateTimeOffset.Now, WatchLine.Milliseconds(text)), text);
                ScheduleFollow();
                break;
            case WatchLineKind.StaticAssets:
                // The tool ships the file itself (SavedFiles); dotnet watch has told an open browser.
                reporter.Verbose("dotnet watch: " + text);
                break;
            case WatchLineKind.RudeEdit:
                // dotnet watch starts a session again by itself (staying warm for the next edit); the tool
                // restarts the app beside it, on its warm path, before dotnet watch's build can.
                _ = CancelFollowAsync();
                reporter.Verbose("dotnet watch: " + text);
                var why = BuildDiagnostic.Parse(text) is { Code: { } code } rude
                    ? $"{code} {Path.GetFileName(rude.File)}:{rude.Line}: {rude.Message}"
                    : text;
                RestartBeside(new Restart(Messages.RudeEditRestart.Render(why), Full: false));
                break;
            case WatchLineKind.Error when BuildDiagnostic.Parse(text) is { } diagnostic:
                AddError(diagnostic);
                break;
            case WatchLineKind.Error:
                reporter.Error(text);
                break;
            case WatchLineKind.Started:
                ClearErrors();
                Volatile.Write(ref _startup, RelayRecord.Read(project.SessionPath) is { } relay ? StartupCode.Read(Path.Combine(relay.OutputDirectory, project.TargetFileName)) : null);
                SayReady(started: text);
                break;
            case WatchLineKind.Relay:
                reporter.Info(Messages.RelaySays, text);
                break;
            case WatchLineKind.Watching:
                reporter.Verbose("dotnet watch: " + text);
                Volatile.Write(ref _watchingAt, Stopwatch.GetTimestamp());
                if (Volatile.Read(ref _codeSaved) > Volatile.Read(ref _builtAt))
                {
                    SavedWhileStarting();
                }
                else
                {
                    SayReady(started: null);
                }

                break;
            case WatchLineKind.Detail:
                reporter.Verbose("dotnet watch: " + text);
                break;
        }
    }

    /// <summary>
    /// A restart while dotnet watch starts its next session by itself (after a rude edit): its build waits
    /// for the tool's (the build lock), finds it done, and its relay joins the app the tool restarted.
    /// One at a time: an edit saved meanwhile is served when that session watches (the saved-while-starting rule).
    /// </summary>
    private void RestartBeside(Restart restart)
    {
        if (Interlocked.CompareExchange(ref _restartingBeside, 1, 0) != 0)
        {
            return;
        }

        // Every save seen so far is in the build that starts next; until the next session watches, a save is the tool's to serve.
        Volatile.Write(ref _builtAt, Stopwatch.GetTimestamp());
        NotWatching();
        _ = Task.Run(async () =>
        {
            try
            {
                await _following.WaitAsync(_sessionEnd).ConfigureAwait(false);
                try
                {
                    if (await restarts.RestartAsync(_updater!, restart.Reason, restart.Full, _sessionEnd).ConfigureAwait(false))
                    {
                        Volatile.Write(ref _startup, StartupCode.Read(restarts.AppAssembly));
                    }
                }
                finally
                {
                    _following.Release();
                }
            }
            catch (OperationCanceledException)
            {
                // The session is ending.
            }
#pragma warning disable CA1031 // Runs on its own: whatever fails is said, and dotnet watch's own restart goes on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                reporter.Error(Messages.RestartFailed, e.Message);
            }
            finally
            {
                Volatile.Write(ref _restartingBeside, 0);
            }
        });
    }

    /// <summary>
    /// Saved after the build the engine session started from, before it watched: dotnet watch has the new
    /// text as its baseline and will never apply it, so the tool's path serves it.
    /// </summary>
    private void SavedWhileStarting() =>
        _restarts.Writer.TryWrite(new Restart(Messages.SavedWhileStartingRestart.Render(), Full: false));

    /// <summary>A dotnet watch session is starting: until it watches, its relay's started line waits, and so do edits.</summary>
    private void NotWatching()
    {
        lock (_readyGate)
        {
            (_started, _watching) = (null, false);
        }

        Volatile.Write(ref _watchingAt, long.MaxValue);
    }

    /// <summary>
    /// The relay's line that the app runs with Hot Reload (<paramref name="started"/>), said once dotnet
    /// watch also watches the saves: only from then on is an edit hot-reloaded (null: dotnet watch said so).
    /// </summary>
    private void SayReady(string? started)
    {
        string? say;
        lock (_readyGate)
        {
            if (started is not null)
            {
                _started = started;
            }
            else
            {
                _watching = true;
            }

            say = _watching ? _started : null;
            if (say is not null)
            {
                _started = null;
            }
        }

        if (say is not null)
        {
            reporter.Info(Messages.RelaySays, say);
        }
    }

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
        if (savedAt > Volatile.Read(ref _builtAt) && savedAt < Volatile.Read(ref _watchingAt))
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

    /// <summary>Builds and moves the files once the edits pause; a newer edit starts the wait again.</summary>
    private void ScheduleFollow()
    {
        var pending = new CancellationTokenSource();
        Interlocked.Exchange(ref _followPending, pending).Cancel();
        _ = FollowAsync(pending.Token);
    }

    private async Task CancelFollowAsync()
    {
        await Interlocked.Exchange(ref _followPending, new CancellationTokenSource()).CancelAsync().ConfigureAwait(false);
    }

    private async Task FollowAsync(CancellationToken pending)
    {
        try
        {
            await Task.Delay(FollowQuiet, pending).ConfigureAwait(false);
            await _following.WaitAsync(pending).ConfigureAwait(false);
            try
            {
                // A newer edit cancels the build; once built, the files go whole or not at all (an upload
                // cut in the middle would cost the connection), so only the session's end stops that.
                using var cancel = CancellationTokenSource.CreateLinkedTokenSource(pending, _sessionEnd);
                var clock = Stopwatch.GetTimestamp();
                var build = await workspace.BuildAsync(cancel.Token).ConfigureAwait(false);
                if (!build.Succeeded)
                {
                    reporter.Verbose($"the files were not moved: the follow-up build failed ({build.Errors.Count} error(s))");
                    return;
                }

                pending.ThrowIfCancellationRequested();
                if (await _updater!.ShipAsync(project, new UpdateRequest.FilesOnly(), _sessionEnd).ConfigureAwait(false) is { Applied: not null } moved)
                {
                    reporter.Info(Messages.FilesFollowed, moved.Changes.Writes.Count + moved.Changes.Deletes.Count, moved.Changes.UploadBytes, (long)Stopwatch.GetElapsedTime(clock).TotalMilliseconds);
                }
            }
            finally
            {
                _following.Release();
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

    /// <summary>
    /// dotnet watch prints a failed compile's errors one line at a time (and each twice: once from the
    /// compiler, once in its summary): they are shown together, as the HUD's build errors, once the lines stop.
    /// </summary>
    private void AddError(BuildDiagnostic diagnostic)
    {
        long version;
        lock (_errorsGate)
        {
            if (_errors.Contains(diagnostic))
            {
                return;
            }

            _errors.Add(diagnostic);
            version = ++_errorsVersion;
        }

        _ = Task.Delay(ErrorQuiet).ContinueWith(_ =>
        {
            List<BuildDiagnostic> errors;
            lock (_errorsGate)
            {
                if (version != _errorsVersion)
                {
                    return;
                }

                errors = [.. _errors];
                _errorsShown = true;
            }

            reporter.BuildFailed(errors, project.ProjectDirectory);
        }, TaskScheduler.Default);
    }

    /// <summary>A good compile (an edit applied, or the app started from a good build) ends the errors shown.</summary>
    private void ClearErrors()
    {
        bool shown;
        lock (_errorsGate)
        {
            shown = _errorsShown;
            _errors.Clear();
            _errorsShown = false;
            _errorsVersion++;
        }

        if (shown)
        {
            reporter.BuildSucceeded();
        }
    }

    /// <summary>
    /// Stops dotnet watch with its whole tree (its builds, the relay) at once: it ignores Ctrl+C while it
    /// builds, and a rebuild or relaunch it would still make only competes with the tool's. The app is
    /// the synclet's and goes on running; the tunnel closing ends nothing but that engine session.
    /// </summary>
    /// <returns>Its exit, once the tree is reaped.</returns>
    private Task Stop(Process watch)
    {
        File.Delete(WatchPidPath);
        if (!watch.HasExited)
        {
            watch.Kill(entireProcessTree: true);
        }

        return watch.WaitForExitAsync(CancellationToken.None);
    }

    /// <summary>A restart on the tool's path: why (the update line says it), and whether every file is sent again.</summary>
    private sealed record Restart(string Reason, bool Full);
}
