using System.Diagnostics;
using DotnetLive.Protocol.Errors;
using DotnetLive.Protocol.Messages;
using DotnetLive.Synclet.Build;
using DotnetLive.Synclet.Store;
using DotnetLive.Synclet.Supervision;

namespace DotnetLive.Synclet.Server;

/// <summary>
/// Applies updates from any number of connections one at a time: stage (concurrently, off the live
/// release), then under one lock swap and restart. A refused update changes nothing. A release is
/// removed only once no app runs from it: an update that does not restart leaves the app on its own.
/// A Hot Reload launch holds for the start of the update that carries it and for the restarts that keep
/// it (<see cref="UpdateKind.RestartAsLaunched"/>); the app never waits for an engine (<see cref="AgentRelay"/>
/// answers its agent), and an engine whose output the app already runs joins it without a restart.
/// Any other start is a plain one.
/// </summary>
internal sealed class UpdateCoordinator(AppStore store, AppSupervisor supervisor, AgentRelay agents, SyncletOptions options, SourceBuilder? builder = null)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// The release the app was last started from, when that is not the live one (files moved under a
    /// hot-reloaded app), and every path the synclet put there (its manifest, and what was refreshed in it).
    /// </summary>
    private RunningRelease? _running;

    /// <summary>True when this synclet builds sources next to the app (started with --source-root).</summary>
    public bool Builds => builder is not null;

    /// <param name="kind">Which files the connection is about: the app's, or (a building synclet) the sources.</param>
    public WelcomeMessage Welcome(StoreKind kind) =>
        new(Protocol.Wire.ProtocolLimits.Version, (kind == StoreKind.Source ? builder!.Sources : store).Manifest.Entries.ToList(), supervisor.Status, kind == StoreKind.Source ? null : store.LivePath);

    /// <summary>(Re)starts the app from the live release, if there is an app to start.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await supervisor.RestartAsync(store.CurrentDirectory, ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task RunAsync(CommandMessage command, CancellationToken ct)
    {
        switch (command.Name)
        {
            case AppCommand.Restart:
                await RestartAsync(ct).ConfigureAwait(false);
                break;
            default:
                throw new Protocol.Wire.ProtocolException($"Unknown command '{command.Name}'.");
        }
    }

    public async Task<AppliedMessage> ApplyAsync(ApplyMessage update, UploadReader uploads, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        if (update is { Kind: UpdateKind.HotReloadStart, Launch.AgentPipe: not null, Writes.Count: 0, Deletes.Count: 0 }
            && UpdateValidator.Problem(update, store.Manifest, options.MaxFileBytes, options.MaxUpdateBytes) is null
            && await TryJoinAsync(update, ct).ConfigureAwait(false) is { } joined)
        {
            return joined;
        }

        if (update.Kind == UpdateKind.Build)
        {
            await uploads.DrainAsync(ct).ConfigureAwait(false);
            return Refused(update, SyncletErrors.Malformed("a build on a connection about the app's files (say the source store in the hello)"));
        }

        var staged = await ValidateAndStageAsync(store, update, uploads, ct).ConfigureAwait(false);
        if (staged.Release is not { } release)
        {
            return Refused(update, staged.Error!);
        }

        var launch = update.Kind switch
        {
            UpdateKind.RestartAsLaunched => supervisor.Launch,
            UpdateKind.HotReloadStart => ForApp(update.Launch!),
            _ => LaunchSettings.Plain,
        };
        return await SwapAsync(update.UpdateId, release, launch, update.Kind != UpdateKind.FilesOnly, clock, clock.ElapsedMilliseconds, ct, update.Writes.Select(w => w.Path)).ConfigureAwait(false);
    }

    /// <summary>
    /// A Hot Reload engine starting on the app as it runs: when the app runs the live files (none differs)
    /// with Hot Reload and its agent is connected, the engine joins it without a restart. Null: it cannot.
    /// </summary>
    private async Task<AppliedMessage?> TryJoinAsync(ApplyMessage update, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (supervisor.Launch.AgentPipe is null || _running is not null || !agents.HasAgent || !supervisor.Status.IsUp)
            {
                return null;
            }

            supervisor.Launch = ForApp(update.Launch!);
            agents.Expect(update.Launch!.AgentPipe, update.Launch.Handshake);
            return new AppliedMessage(update.UpdateId, null, store.Manifest.Entries.ToList(), 0, 0, 0, supervisor.Status, Joined: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>An engine's launch as the app gets it: its agent connects to the synclet's pipe, whatever pipe the engine named.</summary>
    private LaunchSettings ForApp(LaunchSettings launch) =>
        launch.AgentPipe is null ? launch : launch with { Environment = new(launch.Environment) { [LaunchSettings.AgentPipeVariable] = agents.AppPipe } };

    /// <summary>
    /// Sources in, the app built next to it, the output swapped in and the app restarted. The sources are
    /// swapped whatever the build gives (the next edit builds them again); a failed build leaves the app
    /// untouched and answers with the compiler's errors.
    /// </summary>
    /// <param name="received">
    /// Told once the update's files are all read and staged; the token it gives stops the wait for the
    /// build and the build itself (the connection's, cancelled when its client hangs up). The swap of a
    /// finished build is not stopped.
    /// </param>
    public async Task<AppliedMessage> ApplySourceAsync(ApplyMessage update, UploadReader uploads, Func<CancellationToken> received, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var sources = builder!.Sources;
        if (update.Kind != UpdateKind.Build)
        {
            await uploads.DrainAsync(ct).ConfigureAwait(false);
            return SourceRefused(update, SyncletErrors.Malformed($"a {update.Kind} update on a connection about the sources, whose updates are builds"));
        }

        if (update.Project is not { } project || !UpdateValidator.IsProjectPath(project))
        {
            await uploads.DrainAsync(ct).ConfigureAwait(false);
            return SourceRefused(update, SyncletErrors.BadPath(update.Project ?? "", "a source update names the project to build: a relative path to a project file, inside the source root"));
        }

        var staged = await ValidateAndStageAsync(sources, update, uploads, ct).ConfigureAwait(false);
        if (staged.Release is not { } release)
        {
            return SourceRefused(update, staged.Error!);
        }

        var receiveMs = clock.ElapsedMilliseconds;
        using var building = CancellationTokenSource.CreateLinkedTokenSource(ct, received());
        await builder.Gate.WaitAsync(building.Token).ConfigureAwait(false);
        try
        {
            var (previous, refusal) = sources.TrySwap(release);
            if (previous is null)
            {
                return SourceRefused(update, refusal!);
            }

            if (previous != sources.CurrentDirectory)
            {
                sources.Discard(previous);
            }

            var paths = update.Writes.Select(w => w.Path).Concat(update.Deletes).ToList();
            builder.Mirror(update.Writes.Select(w => w.Path), update.Deletes);
            var built = await builder.BuildAsync(project, SourceBuilder.NeedsRestore(paths), building.Token).ConfigureAwait(false);
            var sourceManifest = sources.Manifest.Entries.ToList();
            if (built.Output is not { } output)
            {
                Console.Error.WriteLine($"synclet: build failed for update {update.UpdateId}: {built.Errors.Count} error(s)");
                return new AppliedMessage(update.UpdateId, SyncletErrors.BuildFailed(built.Errors.Count), sourceManifest, receiveMs, 0, 0, supervisor.Status, built.ElapsedMs, [.. built.Errors]);
            }

            var swapClock = Stopwatch.StartNew();
            var app = store.StageFrom(built.OutputDirectory, output);
            if (app is null)
            {
                // The build gave the same binaries (a comment, a whitespace edit): nothing to restart,
                // unless the app is not running (it crashed, or an earlier build failed before its first start).
                var restartMs = supervisor.Status.IsUp ? 0 : await RestartAsync(ct).ConfigureAwait(false);
                return new AppliedMessage(update.UpdateId, null, sourceManifest, receiveMs, 0, restartMs, supervisor.Status, built.ElapsedMs);
            }

            var applied = await SwapAsync(update.UpdateId, app, LaunchSettings.Plain, restart: true, swapClock, 0, ct).ConfigureAwait(false);
            return applied with { Manifest = sourceManifest, ReceiveMs = receiveMs, BuildMs = built.ElapsedMs };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            return SourceRefused(update, SyncletErrors.StagingFailed("the build could not run: " + e.Message));
        }
        finally
        {
            builder.Gate.Release();
        }
    }

    /// <summary>Checks the update against what <paramref name="target"/> holds and the limits, then stages it there; a refused one is drained.</summary>
    private async Task<StagingOutcome> ValidateAndStageAsync(AppStore target, ApplyMessage update, UploadReader uploads, CancellationToken ct)
    {
        if (UpdateValidator.Problem(update, target.Manifest, options.MaxFileBytes, options.MaxUpdateBytes) is { } problem)
        {
            await uploads.DrainAsync(ct).ConfigureAwait(false);
            return new StagingOutcome(null, problem);
        }

        return await target.StageAsync(update, uploads, ct).ConfigureAwait(false);
    }

    /// <summary>Starts the app again from the live release, plainly; returns how long that took.</summary>
    private async Task<long> RestartAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await supervisor.StopAsync().ConfigureAwait(false);
            if (_running is { } running)
            {
                CarryAppFiles(running);
            }

            supervisor.Launch = LaunchSettings.Plain;
            agents.Expect(null, null);
            agents.Forget();
            await supervisor.RestartAsync(store.CurrentDirectory, ct).ConfigureAwait(false);
            DiscardRunning();
            return clock.ElapsedMilliseconds;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Makes a staged release live and (unless <paramref name="restart"/> is false) restarts the app from
    /// it. Without a restart, the <paramref name="written"/> files are also put in the release the app runs from.
    /// </summary>
    private async Task<AppliedMessage> SwapAsync(string updateId, StagedRelease release, LaunchSettings launch, bool restart, Stopwatch clock, long receiveMs, CancellationToken ct, IEnumerable<string>? written = null)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // The agent's pipe first: if it cannot be listened on, nothing has changed yet.
            if (restart)
            {
                try
                {
                    agents.Expect(launch.AgentPipe, launch.Handshake);
                    agents.Forget();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
                {
                    store.Discard(release.Directory);
                    return Refused(updateId, SyncletErrors.StagingFailed($"the Hot Reload agent's pipe could not be listened on ({e.Message})"));
                }
            }

            var placed = store.Manifest.Entries.Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
            var (previous, refusal) = store.TrySwap(release);
            if (previous is null)
            {
                return Refused(updateId, refusal!);
            }

            var swapMs = clock.ElapsedMilliseconds - receiveMs;
            var restartClock = Stopwatch.StartNew();
            if (!restart)
            {
                // The app keeps running from its release: that one stays until the next start.
                _running ??= new RunningRelease(previous, placed);
                if (previous != _running.Directory && previous != store.CurrentDirectory)
                {
                    store.Discard(previous);
                }

                if (_running.Directory != store.CurrentDirectory && supervisor.Status.IsUp)
                {
                    var refreshed = (written ?? []).ToList();
                    store.Refresh(_running.Directory, refreshed);
                    _running.Placed.UnionWith(refreshed);
                }

                return new AppliedMessage(updateId, null, store.Manifest.Entries.ToList(), receiveMs, swapMs, 0, supervisor.Status);
            }

            await supervisor.StopAsync().ConfigureAwait(false);
            CarryAppFiles(_running ?? new RunningRelease(previous, placed));
            supervisor.Launch = launch;
            await supervisor.RestartAsync(store.CurrentDirectory, ct).ConfigureAwait(false);

            // Only now that no process runs from the old release may it go.
            if (previous != store.CurrentDirectory)
            {
                store.Discard(previous);
            }

            DiscardRunning();

            return new AppliedMessage(updateId, null, store.Manifest.Entries.ToList(), receiveMs, swapMs, restartClock.ElapsedMilliseconds, supervisor.Status);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>With the app stopped: what it made in the release it ran from goes to the live one, where it starts next.</summary>
    private void CarryAppFiles(RunningRelease ranFrom)
    {
        var carried = store.CarryAppFiles(ranFrom.Directory, ranFrom.Placed, (path, e) => Console.Error.WriteLine($"synclet: could not carry '{path}', which the app made, into the new release: {e.Message}"));
        if (carried.Count > 0)
        {
            Console.Error.WriteLine($"synclet: carried what the app made into the new release: {string.Join(", ", carried.Take(10))}{(carried.Count > 10 ? $" and {carried.Count - 10} more" : "")}");
        }
    }

    /// <summary>After a start from the live release: the one a hot-reloaded app ran from can go.</summary>
    private void DiscardRunning()
    {
        if (_running is { } running && running.Directory != store.CurrentDirectory)
        {
            store.Discard(running.Directory);
        }

        _running = null;
    }

    private AppliedMessage Refused(ApplyMessage update, ErrorMessage error) => Refused(update.UpdateId, error);

    private AppliedMessage Refused(string? updateId, ErrorMessage error)
    {
        Console.Error.WriteLine($"synclet: refused update {updateId}: {error.Code}: {error.Message}");
        return new AppliedMessage(updateId ?? "", error, store.Manifest.Entries.ToList(), 0, 0, 0, supervisor.Status);
    }

    private AppliedMessage SourceRefused(ApplyMessage update, ErrorMessage error)
    {
        Console.Error.WriteLine($"synclet: refused source update {update.UpdateId}: {error.Code}: {error.Message}");
        return new AppliedMessage(update.UpdateId ?? "", error, builder!.Sources.Manifest.Entries.ToList(), 0, 0, 0, supervisor.Status);
    }

    /// <summary>A release an app runs from, and the paths the synclet put in it (the others the app made).</summary>
    private sealed record RunningRelease(string Directory, HashSet<string> Placed);
}
