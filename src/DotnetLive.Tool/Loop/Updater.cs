using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Errors;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.StaticAssets;
using DotnetLive.Protocol.Wire;
using DotnetLive.Tool.Build;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.Targets;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Loop;

/// <summary>
/// Ships build outputs (or, building in the cluster, sources) to every instance of the app (one, or
/// each ready pod) at once through <see cref="ChangeShipper"/>, over the connections its
/// <see cref="ReplicaSet"/> keeps, and says what each got. When a connection is lost (the synclet
/// died, the container was killed) or the instances change (a new pod), it connects again — with
/// backoff after a loss; the target restarts or recreates what is gone — and resyncs the last build,
/// saying what it does.
/// </summary>
internal sealed class Updater : IAsyncDisposable
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ReplicaSet _replicas;
    private readonly IReporter _reporter;
    private readonly CancellationToken _sessionEnd;
    private readonly ManifestCache _sourceHashes = ManifestCache.Empty();
    private Shipment? _lastShipped;
    private Task _monitor = Task.CompletedTask;

    public Updater(ILiveTarget target, SessionPublisher session, IReporter reporter, CancellationToken sessionEnd)
    {
        _replicas = new ReplicaSet(target, session, OnAppEvent);
        _reporter = reporter;
        _sessionEnd = sessionEnd;
    }

    /// <summary>True while every instance of the app the connections know of runs (none crashed or stopped).</summary>
    public bool AppRunning => _replicas.AppRunning;

    /// <summary>Called after the connection was lost and made again (the synclet or its container came back).</summary>
    public Action? Reconnected { get; init; }

    /// <summary>Called with each lifecycle event of the app (started, ready, exited), after the reporter has it.</summary>
    public Action<AppEvent>? AppChanged { get; init; }

    private void OnAppEvent(AppEvent app, string? replica)
    {
        _reporter.App(app, replica);
        if (app.IsLifecycle)
        {
            AppChanged?.Invoke(app);
        }
    }

    /// <summary>Ships the project's build output: the synclet's answer, or null when the update was refused or could not be sent (reported).</summary>
    /// <param name="request">Binaries, or files only (a reconnect does not resend those: the app was hot-reloaded).</param>
    public Task<ShipOutcome?> ShipAsync(ProjectModel project, UpdateRequest request, CancellationToken ct) =>
        ShipAsync(new Shipment(() => File.Exists(project.ManifestPath) ? new AppFiles(project.OutputDirectory, ManifestFile.Read(project.ManifestPath)) : null, project.ManifestPath, request), ct);

    /// <summary>
    /// Ships only the static web assets of <paramref name="outputDirectory"/>'s app, under the running app,
    /// which reads them live (a hot-reloaded app: the binaries are dotnet watch's business).
    /// </summary>
    public Task<ShipOutcome?> ShipAssetsAsync(string outputDirectory, CancellationToken ct) =>
        ShipAsync(new Shipment(() => new AppFiles(outputDirectory), outputDirectory, new UpdateRequest.FilesOnly(StaticWebAssetsLayout.IsAsset)), ct);

    /// <summary>Build in the cluster: ships the sources; the synclet builds them next to the app. A failed build comes back as an outcome with the errors.</summary>
    /// <param name="full">Send every file again (the HUD's resync), not only what differs.</param>
    public Task<ShipOutcome?> ShipSourcesAsync(SourceSet sources, bool full, CancellationToken ct) =>
        ShipAsync(new Shipment(() => new AppFiles(sources.Root, sources.Manifest(_sourceHashes)), sources.Root, new UpdateRequest.Sources(sources.Project) { Full = full }), ct);

    private async Task<ShipOutcome?> ShipAsync(Shipment shipment, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // What a reconnect resyncs: the last update that restarts the app, differences only.
            if (shipment.Request is not UpdateRequest.FilesOnly)
            {
                _lastShipped = shipment with { Request = shipment.Request with { Full = false } };
            }

            return await ShipLockedAsync(shipment, ct).ConfigureAwait(false);
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
            var replicas = await ConnectedAsync(ct).ConfigureAwait(false);
            await Task.WhenAll(replicas.Select(r => r.Client.SendCommandAsync(AppCommand.Restart, ct))).ConfigureAwait(false);
        }
        catch (Exception e) when (IsConnectFailure(e, ct))
        {
            _reporter.Error(Messages.SyncletLost, e.Message);
        }
        catch (LiveException e)
        {
            _reporter.Error(e.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ShipOutcome?> ShipLockedAsync(Shipment shipment, CancellationToken ct)
    {
        if (shipment.Files() is not { } built)
        {
            _reporter.Error(Messages.NoManifest, shipment.ManifestSource);
            return null;
        }

        for (var attempt = 0; ; attempt++)
        {
            IReadOnlyList<Replica> replicas;
            try
            {
                replicas = await ConnectedAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (_replicas.ConnectedOnce && (IsConnectFailure(e, ct) || e is LiveException))
            {
                // The session goes on: the reconnect loop keeps trying, and the next save tries again.
                ReportConnectFailure(e);
                return null;
            }

            // Every instance of the app at once: each is planned against what its own synclet holds.
            var shipped = await Task.WhenAll(replicas.Select(r => ShipToAsync(r, built, shipment.Request, ct))).ConfigureAwait(false);
            if (shipped.FirstOrDefault(s => s.Failure is OutputChangedException).Failure is OutputChangedException changed)
            {
                // It may have failed half-way through the upload: start over on fresh connections.
                _reporter.Error(Messages.OutputChanged, changed.Path);
                await _replicas.DropAsync().ConfigureAwait(false);
                return null;
            }

            if (shipped.FirstOrDefault(s => s.Failure is not null).Failure is { } lost)
            {
                _reporter.Error(Messages.SyncletLost, lost.Message);
                await _replicas.DropAsync().ConfigureAwait(false);
                if (attempt == 0)
                {
                    continue; // The others got theirs; a second round sends only what the lost one lacks.
                }
            }

            foreach (var (replica, outcome, _) in shipped)
            {
                if (outcome?.Refusal is { Code: not DiagnosticCodes.SyncletBuildFailed } refusal)
                {
                    _reporter.Error(Messages.UpdateRefused, (replicas.Count > 1 ? replica.Name + ": " : "") + refusal.Code + ": " + refusal.Message);
                }
                else if (replicas.Count > 1 && outcome?.Applied is { } applied)
                {
                    _reporter.Info(Messages.ReplicaUpdated, replica.Name, outcome.Changes.Writes.Count + outcome.Changes.Deletes.Count, outcome.Changes.UploadBytes, applied.ReceiveMs + applied.SwapMs + applied.RestartMs);
                }
            }

            return shipped.Select(s => s.Outcome).FirstOrDefault(o => o is { Refusal: null, Applied: not null })
                ?? shipped.Select(s => s.Outcome).FirstOrDefault(o => o is { Refusal: null })
                ?? shipped.Select(s => s.Outcome).FirstOrDefault(o => o?.Refusal?.Code == DiagnosticCodes.SyncletBuildFailed);
        }
    }

    private static async Task<(Replica Replica, ShipOutcome? Outcome, Exception? Failure)> ShipToAsync(Replica replica, AppFiles built, UpdateRequest request, CancellationToken ct)
    {
        try
        {
            return (replica, await ChangeShipper.ShipAsync(replica.Client, built, request, ct).ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is OutputChangedException || (e is IOException or SyncletRefusedException or ObjectDisposedException && !ct.IsCancellationRequested))
        {
            // One instance failing is that instance's outcome; the others got theirs.
            return (replica, null, e);
        }
    }

    /// <summary>The connections; new ones are watched for their loss.</summary>
    private async Task<IReadOnlyList<Replica>> ConnectedAsync(CancellationToken ct)
    {
        var connection = await _replicas.ConnectedAsync(ct).ConfigureAwait(false);
        if (connection.IsNew)
        {
            _monitor = ReconnectWhenLostAsync(connection.Replicas, connection.InstancesChanged);
        }

        return connection.Replicas;
    }

    /// <summary>
    /// Waits for a connection to end or the target's instances to change; unless closed on purpose,
    /// connects again with backoff and resyncs every instance.
    /// </summary>
    private async Task ReconnectWhenLostAsync(IReadOnlyList<Replica> lost, Task replicasChanged)
    {
        var changed = await Task.WhenAny([replicasChanged, _replicas.Closing, .. lost.Select(r => r.Client.Completion)]).ConfigureAwait(false) == replicasChanged;
        for (var attempt = 1; !_replicas.Closed && !_sessionEnd.IsCancellationRequested; attempt++)
        {
            var delay = changed ? TimeSpan.Zero : Backoff[Math.Min(attempt, Backoff.Length) - 1];
            try
            {
                await _gate.WaitAsync(_sessionEnd).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                if (_replicas.Closed || (_replicas.Current is not null && _replicas.Current != lost))
                {
                    return; // Closed on purpose, or an update has reconnected already.
                }

                if (!changed)
                {
                    _reporter.Info(Messages.Reconnecting, (long)delay.TotalMilliseconds, attempt);
                }

                await Task.Delay(delay, _sessionEnd).ConfigureAwait(false);
                await _replicas.DropAsync().ConfigureAwait(false);
                await ConnectedAsync(_sessionEnd).ConfigureAwait(false);
                var outcome = _lastShipped is { } last ? await ShipLockedAsync(last, _sessionEnd).ConfigureAwait(false) : null;

                _reporter.Info(changed ? Messages.ReplicasSynced : Messages.Reconnected, outcome?.Changes.Writes.Count ?? 0, outcome?.Changes.UploadBytes ?? 0);
                Reconnected?.Invoke();
                return;
            }
            catch (Exception e) when (IsConnectFailure(e, _sessionEnd) || e is LiveException)
            {
                ReportConnectFailure(e);
                changed = false;
            }
            catch (OperationCanceledException)
            {
                return;
            }
#pragma warning disable CA1031 // A bug is not retried: said at once, and met again by the next update, which ends the session with it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _reporter.Error($"{e.Message} (an unexpected error while reconnecting; not retried)");
                return;
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>
    /// The connection failed or was refused (the synclet died, its container or pod went, a port-forward
    /// broke, a call timed out while the session goes on): retried as a lost synclet. A target's own
    /// failure (a <see cref="LiveException"/>) is reported as itself, and anything else is a bug, which
    /// no retry mends.
    /// </summary>
    private static bool IsConnectFailure(Exception e, CancellationToken ct) =>
        e is IOException or System.Net.Sockets.SocketException or ProtocolException or SyncletRefusedException or ObjectDisposedException
        || (e is OperationCanceledException && !ct.IsCancellationRequested);

    private void ReportConnectFailure(Exception e)
    {
        if (e is LiveException)
        {
            _reporter.Error(e.Message);
        }
        else
        {
            _reporter.Error(Messages.SyncletLost, e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _replicas.DisposeAsync().ConfigureAwait(false);
        await _monitor.ConfigureAwait(false);

        // The gate is not disposed: an older monitor may still be on its way out through it.
    }

    /// <summary>
    /// Files to ship, read when shipping (null when there are none, e.g. no build yet), what they are
    /// read from for messages, and what the update asks of the app.
    /// </summary>
    private sealed record Shipment(Func<AppFiles?> Files, string ManifestSource, UpdateRequest Request);
}
