using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Protocol.Messages;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.Targets;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Loop;

/// <summary>
/// Keeps a connection to the target's synclet and ships build outputs through <see cref="ChangeShipper"/>.
/// When the connection is lost (the synclet died, the container was killed), it reconnects with
/// backoff on its own — the target restarts or recreates what is gone — and resyncs the last build,
/// saying what it does. It also publishes the session for LiveDeploy builds.
/// </summary>
internal sealed class Updater(ILiveTarget target, SessionPublisher session, IReporter reporter, CancellationToken sessionEnd) : IAsyncDisposable
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SyncletClient? _client;
    private ProjectModel? _lastShipped;
    private Task _monitor = Task.CompletedTask;
    private bool _disposing;
    private bool _connectedOnce;

    /// <summary>Called after the connection was lost and made again (the synclet or its container came back).</summary>
    public Action? Reconnected { get; init; }

    /// <summary>The synclet's answer, or null when the update was refused or could not be sent (reported).</summary>
    /// <param name="full">Send every file again (the HUD's resync), not only what differs.</param>
    /// <param name="restart">False: only move the files under the running app (it was hot-reloaded); a reconnect does not resend them.</param>
    public async Task<ShipOutcome?> ShipAsync(ProjectModel project, CancellationToken ct, bool full = false, bool restart = true)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (restart)
            {
                _lastShipped = project;
            }

            return await ShipLockedAsync(project, ct, full, restart).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Starts and connects to the synclet ahead of the first build, so the two overlap.</summary>
    public async Task WarmUpAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await ConnectedAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Asks the synclet to restart the app; its events tell how that went.</summary>
    public async Task RestartAppAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await (await ConnectedAsync(ct).ConfigureAwait(false)).SendCommandAsync(Commands.Restart, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (IsConnectFailure(e, ct))
        {
            reporter.Error(Messages.SyncletLost, e.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ShipOutcome?> ShipLockedAsync(ProjectModel project, CancellationToken ct, bool full = false, bool restart = true)
    {
        if (!File.Exists(project.ManifestPath))
        {
            reporter.Error(Messages.NoManifest, project.ManifestPath);
            return null;
        }

        var built = ManifestFile.Read(project.ManifestPath);
        for (var attempt = 0; ; attempt++)
        {
            SyncletClient client;
            try
            {
                client = await ConnectedAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (_connectedOnce && IsConnectFailure(e, ct))
            {
                // The session goes on: the reconnect loop keeps trying, and the next save tries again.
                reporter.Error(Messages.SyncletLost, e.Message);
                return null;
            }

            try
            {
                var outcome = await ChangeShipper.ShipAsync(client, built, project.OutputDirectory, ct, full, restart: restart).ConfigureAwait(false);
                if (outcome.Refusal is { } refusal)
                {
                    reporter.Error(Messages.UpdateRefused, refusal.Code + ": " + refusal.Message);
                    return null;
                }

                return outcome;
            }
            catch (OutputChangedException e)
            {
                // It may have failed half-way through the upload: start over on a fresh connection.
                reporter.Error(Messages.OutputChanged, e.Path);
                await DropClientAsync().ConfigureAwait(false);
                return null;
            }
            catch (IOException e) when (!ct.IsCancellationRequested)
            {
                reporter.Error(Messages.SyncletLost, e.Message);
                await DropClientAsync().ConfigureAwait(false);
                if (attempt > 0)
                {
                    return null;
                }
            }
        }
    }

    private async Task<SyncletClient> ConnectedAsync(CancellationToken ct)
    {
        if (_client is { Completion.IsCompleted: false })
        {
            return _client;
        }

        await DropClientAsync().ConfigureAwait(false);
        var client = await target.ConnectAsync(reporter.App, ct).ConfigureAwait(false);
        _client = client;
        _connectedOnce = true;
        session.Publish(target.Name, target.Endpoint);
        _monitor = ReconnectWhenLostAsync(client);
        return client;
    }

    /// <summary>Waits for the connection to end; unless it was closed on purpose, reconnects with backoff and resyncs.</summary>
    private async Task ReconnectWhenLostAsync(SyncletClient lost)
    {
        await lost.Completion.ConfigureAwait(false);
        for (var attempt = 1; !_disposing && !sessionEnd.IsCancellationRequested; attempt++)
        {
            var delay = Backoff[Math.Min(attempt, Backoff.Length) - 1];
            try
            {
                await _gate.WaitAsync(sessionEnd).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                if (_disposing || (_client is not null && _client != lost))
                {
                    return; // Closed on purpose, or an update has reconnected already.
                }

                reporter.Info(Messages.Reconnecting, (long)delay.TotalMilliseconds, attempt);
                await Task.Delay(delay, sessionEnd).ConfigureAwait(false);
                await DropClientAsync().ConfigureAwait(false);
                var outcome = _lastShipped is { } project ? await ShipLockedAsync(project, sessionEnd).ConfigureAwait(false) : null;
                if (_client is null)
                {
                    await ConnectedAsync(sessionEnd).ConfigureAwait(false);
                }

                reporter.Info(Messages.Reconnected, outcome?.Changes.Writes.Count ?? 0, outcome?.Changes.UploadBytes ?? 0);
                Reconnected?.Invoke();
                return;
            }
            catch (Exception e) when (IsConnectFailure(e, sessionEnd))
            {
                reporter.Error(Messages.SyncletLost, e.Message);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>Anything but the session ending: an engine that restarts, a synclet that refuses or is not up yet.</summary>
    private static bool IsConnectFailure(Exception e, CancellationToken ct) => e is not OperationCanceledException || !ct.IsCancellationRequested;

    private async Task DropClientAsync()
    {
        if (_client is { } client)
        {
            _client = null;
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposing = true;
        await DropClientAsync().ConfigureAwait(false);
        await _monitor.ConfigureAwait(false);

        // The gate is not disposed: an older monitor may still be on its way out through it.
    }
}
