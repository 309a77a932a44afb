using System.Diagnostics;
using DotnetLive.Protocol.Errors;
using DotnetLive.Protocol.Messages;
using DotnetLive.Synclet.Store;
using DotnetLive.Synclet.Supervision;

namespace DotnetLive.Synclet.Server;

/// <summary>
/// Applies updates from any number of connections one at a time: stage (concurrently, off the live
/// release), then under one lock swap and restart. A refused update changes nothing. A release is
/// removed only once no app runs from it: an update that does not restart leaves the app on its own.
/// A Hot Reload launch holds for the one start of the update that carries it (its agent talks to one
/// dotnet watch session, through one tunnel); any other start is a plain one, so an app never waits
/// for an engine that has gone, and dotnet watch starts a new session on the next edit.
/// </summary>
internal sealed class UpdateCoordinator(AppStore store, AppSupervisor supervisor, AgentRelay agents, SyncletOptions options)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The release the app was last started from, when that is not the live one (files moved under a hot-reloaded app).</summary>
    private string? _running;

    public WelcomeMessage Welcome() =>
        new(Protocol.Wire.ProtocolLimits.Version, store.Manifest.Entries.ToList(), supervisor.Status);

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
        if (command.Name != Commands.Restart)
        {
            throw new Protocol.Wire.ProtocolException($"Unknown command '{command.Name}'.");
        }

        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await supervisor.StopAsync().ConfigureAwait(false);
            supervisor.Launch = LaunchSettings.Plain;
            await agents.ListenAsync(null).ConfigureAwait(false);
            await supervisor.RestartAsync(store.CurrentDirectory, ct).ConfigureAwait(false);
            DiscardRunning();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<AppliedMessage> ApplyAsync(ApplyMessage update, UploadReader uploads, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        if (UpdateValidator.Problem(update, store.Manifest, options.MaxFileBytes, options.MaxUpdateBytes) is { } problem)
        {
            await uploads.DrainAsync(ct).ConfigureAwait(false);
            return Refused(update, problem);
        }

        var staged = await store.StageAsync(update, uploads, ct).ConfigureAwait(false);
        if (staged.Release is not { } release)
        {
            return Refused(update, staged.Error!);
        }

        var receiveMs = clock.ElapsedMilliseconds;
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // The agent's pipe first: if it cannot be listened on, nothing has changed yet.
            if (update.Restart != false)
            {
                try
                {
                    await agents.ListenAsync(update.Launch?.AgentPipe).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
                {
                    store.Discard(release.Directory);
                    return Refused(update, SyncletErrors.StagingFailed($"the Hot Reload agent's pipe could not be listened on ({e.Message})"));
                }
            }

            string? previous;
            try
            {
                previous = store.Swap(release);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                store.Discard(release.Directory);
                return Refused(update, SyncletErrors.StagingFailed(e.Message));
            }

            if (previous is null)
            {
                return Refused(update, SyncletErrors.Stale());
            }

            var swapMs = clock.ElapsedMilliseconds - receiveMs;
            var restartClock = Stopwatch.StartNew();
            if (update.Restart == false)
            {
                // The app keeps running from its release: that one stays until the next start.
                _running ??= previous;
                if (previous != _running && previous != store.CurrentDirectory)
                {
                    store.Discard(previous);
                }

                return new AppliedMessage(update.UpdateId, null, store.Manifest.Entries.ToList(), receiveMs, swapMs, 0, supervisor.Status);
            }

            await supervisor.StopAsync().ConfigureAwait(false);
            supervisor.Launch = update.Launch ?? LaunchSettings.Plain;
            await supervisor.RestartAsync(store.CurrentDirectory, ct).ConfigureAwait(false);

            // Only now that no process runs from the old release may it go.
            if (previous != store.CurrentDirectory)
            {
                store.Discard(previous);
            }

            DiscardRunning();

            return new AppliedMessage(update.UpdateId, null, store.Manifest.Entries.ToList(), receiveMs, swapMs, restartClock.ElapsedMilliseconds, supervisor.Status);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>After a start from the live release: the one a hot-reloaded app ran from can go.</summary>
    private void DiscardRunning()
    {
        if (_running is { } running && running != store.CurrentDirectory)
        {
            store.Discard(running);
        }

        _running = null;
    }

    private AppliedMessage Refused(ApplyMessage update, ErrorMessage error)
    {
        Console.Error.WriteLine($"synclet: refused update {update.UpdateId}: {error.Code}: {error.Message}");
        return new AppliedMessage(update.UpdateId ?? "", error, store.Manifest.Entries.ToList(), 0, 0, 0, supervisor.Status);
    }
}
