using System.Text.Json;
using DotnetLive.Protocol;
using DotnetLive.Protocol.Errors;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Wire;
using DotnetLive.Synclet.Store;
using DotnetLive.Synclet.Supervision;

namespace DotnetLive.Synclet.Server;

/// <summary>One client: handshake (version, then a proof of the token each way), then updates in, events out — or, for a tunnel, the Hot Reload agent's bytes.</summary>
/// <param name="telemetry">The app's OpenTelemetry exports, for a client that asks for them; null when the synclet receives none.</param>
/// <param name="authenticated">Called once the peer has proved it holds the token.</param>
internal sealed class SyncletConnection(Stream stream, string peer, SyncletOptions options, UpdateCoordinator updates, EventHub events, AgentRelay agents, Fanout<TelemetryExport>? telemetry, Action authenticated)
{
    /// <summary>A peer that has not proven itself by then is closed: until it does, it costs a connection slot.</summary>
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AgentPipeTimeout = TimeSpan.FromMinutes(2);
    private readonly FrameReader _reader = new(stream);
    private readonly FrameWriter _writer = new(stream);

    public async Task RunAsync(CancellationToken ct)
    {
        using (_writer)
        {
            try
            {
                if (await HandshakeAsync(ct).ConfigureAwait(false) is not { } hello)
                {
                    return;
                }

                if (hello.AgentPipe is { } pipe)
                {
                    await TunnelAsync(pipe, ct).ConfigureAwait(false);
                    return;
                }

                var subscription = events.Subscribe();
                var exports = hello.Telemetry ? telemetry?.Subscribe() : null;
                using var pumpStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var pump = PumpAsync(subscription, e => _writer.WriteMessageAsync(FrameType.Event, e, ProtocolJson.Default.AppEvent, pumpStop.Token), pumpStop.Token);
                var relay = exports is null ? Task.CompletedTask : PumpAsync(exports, e => _writer.WriteAsync(FrameType.Telemetry, e.ToPayload(), pumpStop.Token), pumpStop.Token);
                try
                {
                    await ServeAsync(hello.Store, ct).ConfigureAwait(false);
                }
                finally
                {
                    events.Unsubscribe(subscription);
                    if (exports is not null)
                    {
                        telemetry!.Unsubscribe(exports);
                    }

                    await pumpStop.CancelAsync().ConfigureAwait(false);
                    await Task.WhenAll(pump, relay).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or UploadInterruptedException)
            {
                // The client went away; nothing it sent half-way was applied.
            }
            catch (Exception e) when (e is ProtocolException or JsonException)
            {
                await RefuseAsync(SyncletErrors.Malformed(e.Message)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Shutting down.
            }
#pragma warning disable CA1031 // One connection's unexpected failure is answered and ends that connection, never the synclet.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Console.Error.WriteLine($"synclet: unexpected error on a connection from {peer}: {e}");
                await RefuseAsync(SyncletErrors.Internal($"{e.GetType().Name}: {e.Message}")).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A frame from a peer that has not proven itself: nothing larger than a hello is read, let alone
    /// allocated, and only until the handshake's time is up (then it is refused: not in time).
    /// </summary>
    private async Task<(bool InTime, Frame? Frame)> ReadBeforeProofAsync(CancellationToken deadline, CancellationToken ct)
    {
        try
        {
            return (true, await _reader.ReadAsync(deadline, ProtocolLimits.MaxHelloBytes).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await RefuseAsync(SyncletErrors.HandshakeTimeout()).ConfigureAwait(false);
            return (false, null);
        }
    }

    private async Task<HelloMessage?> HandshakeAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(HandshakeTimeout);
        var (inTime, frame) = await ReadBeforeProofAsync(timeout.Token, ct).ConfigureAwait(false);
        if (!inTime)
        {
            return null;
        }

        if (frame is not { Type: FrameType.Hello } hello)
        {
            await RefuseAsync(SyncletErrors.Malformed("the first frame must be a hello")).ConfigureAwait(false);
            return null;
        }

        var message = JsonSerializer.Deserialize(hello.Payload.Span, ProtocolJson.Default.HelloMessage)
            ?? throw new JsonException("the hello is null");

        // Said before any proof, so a tool of another version is told what to do; nothing else is said to a peer that has not proven itself.
        if (message.ProtocolVersion != ProtocolLimits.Version)
        {
            await RefuseAsync(SyncletErrors.VersionMismatch(message.ProtocolVersion, ProtocolLimits.Version)).ConfigureAwait(false);
            return null;
        }

        if (!SessionToken.IsNonce(message.Nonce))
        {
            await RefuseAsync(SyncletErrors.Malformed("the hello's nonce is not 32 bytes of base64")).ConfigureAwait(false);
            return null;
        }

        // The synclet proves itself first: a client sends nothing more to what cannot.
        var nonce = SessionToken.Nonce();
        await _writer.WriteMessageAsync(FrameType.Challenge, new ChallengeMessage(nonce, SessionToken.Proof(options.Token, SessionToken.SyncletRole, message.Nonce, nonce)), ProtocolJson.Default.ChallengeMessage, ct).ConfigureAwait(false);
        (inTime, var answer) = await ReadBeforeProofAsync(timeout.Token, ct).ConfigureAwait(false);
        if (!inTime)
        {
            return null;
        }

        var proof = answer is { Type: FrameType.Proof } proofFrame ? JsonSerializer.Deserialize(proofFrame.Payload.Span, ProtocolJson.Default.ProofMessage) : null;
        if (!SessionToken.Matches(SessionToken.Proof(options.Token, SessionToken.ClientRole, message.Nonce, nonce), proof?.Proof))
        {
            await RefuseAsync(SyncletErrors.BadToken()).ConfigureAwait(false);
            return null;
        }

        authenticated();

        if (message.AgentPipe is { } pipe && !UpdateValidator.IsPipeName(pipe))
        {
            await RefuseAsync(SyncletErrors.Malformed("the agent pipe name is not 1-64 letters, digits, '-' or '_'")).ConfigureAwait(false);
            return null;
        }

        if (!Enum.IsDefined(message.Store))
        {
            await RefuseAsync(SyncletErrors.Malformed($"'{message.Store}' is not a store (App or Source)")).ConfigureAwait(false);
            return null;
        }

        if (message.Store == StoreKind.Source && !updates.Builds)
        {
            await RefuseAsync(SyncletErrors.NotBuilding()).ConfigureAwait(false);
            return null;
        }

        await _writer.WriteMessageAsync(FrameType.Welcome, updates.Welcome(message.Store), ProtocolJson.Default.WelcomeMessage, ct).ConfigureAwait(false);
        return message;
    }

    /// <summary>
    /// Waits for the app of the engine that named <paramref name="pipe"/> and its agent, says so with a
    /// Tunnel frame, then copies bytes both ways until either side closes or a newer engine or app takes
    /// over: first the agent's initialization (<see cref="AgentRelay"/> read it when the agent connected),
    /// and the engine's end of the initial updates is dropped (the agent has had it). The client sends
    /// nothing before that frame, so a read that ends early means it went away, and no agent is spent on it.
    /// </summary>
    private async Task TunnelAsync(string pipe, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var first = new byte[1];
        var clientRead = stream.ReadAsync(first, stop.Token).AsTask();
        var agentWait = agents.WaitForAgentAsync(pipe, AgentPipeTimeout, stop.Token);
        if (await Task.WhenAny(clientRead, agentWait).ConfigureAwait(false) == clientRead)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            if (await Settle(agentWait).ConfigureAwait(false) is { } unused)
            {
                agents.Return(unused);
            }

            return;
        }

        if (await agentWait.ConfigureAwait(false) is not { } lease)
        {
            await RefuseAsync(SyncletErrors.NoAgentPipe(pipe)).ConfigureAwait(false);
            return;
        }

        try
        {
            using var revoked = lease.Revoked.Register(stop.Cancel);
            await using var agentStream = new System.Net.Sockets.NetworkStream(lease.Socket, ownsSocket: false);
            await _writer.WriteAsync(FrameType.Tunnel, ReadOnlyMemory<byte>.Empty, ct).ConfigureAwait(false);
            await stream.WriteAsync(lease.Initialization, ct).ConfigureAwait(false);
            await stream.FlushAsync(ct).ConfigureAwait(false);
            var up = CopyUpAsync(clientRead, first, lease.Handshake, agentStream, stop.Token);
            var down = agentStream.CopyToAsync(stream, stop.Token);
            await Task.WhenAny(up, down).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await Settle(up).ConfigureAwait(false);
            await Settle(down).ConfigureAwait(false);
        }
        finally
        {
            agents.Return(lease);
        }
    }

    /// <summary>The engine's bytes to the agent, without its end of the initial updates (the first byte, when it is that request).</summary>
    private async Task CopyUpAsync(Task<int> pendingRead, byte[] first, AgentHandshake handshake, Stream agent, CancellationToken ct)
    {
        if (await pendingRead.ConfigureAwait(false) == 0)
        {
            return;
        }

        if (first[0] != handshake.InitialUpdatesCompleted)
        {
            await agent.WriteAsync(first, ct).ConfigureAwait(false);
        }

        await stream.CopyToAsync(agent, ct).ConfigureAwait(false);
    }

    private static async Task<T?> Settle<T>(Task<T?> task) where T : class
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            return null;
        }
    }

    private static async Task Settle(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // The other side closed; the tunnel is over.
        }
    }

    /// <param name="store">What the connection is about: the app's files, or the sources, whose updates are built next to the app.</param>
    private async Task ServeAsync(StoreKind store, CancellationToken ct)
    {
        // While a build in the cluster runs, the next frame is read already: the client hanging up stops
        // the build. Not disposed: that read may end after this method (it has no timer to release).
        var hungUp = new CancellationTokenSource();
        Task<Frame?>? next = null;
        while ((next is null ? await _reader.ReadAsync(ct).ConfigureAwait(false) : await next.ConfigureAwait(false)) is { } frame)
        {
            next = null;
            if (frame.Type == FrameType.Command)
            {
                var command = JsonSerializer.Deserialize(frame.Payload.Span, ProtocolJson.Default.CommandMessage)
                    ?? throw new ProtocolException("An empty command.");
                await updates.RunAsync(command, ct).ConfigureAwait(false);
                continue;
            }

            if (frame.Type != FrameType.Apply)
            {
                throw new ProtocolException($"Expected an update or a command, got a {frame.Type} frame.");
            }

            var update = JsonSerializer.Deserialize(frame.Payload.Span, ProtocolJson.Default.ApplyMessage)
                ?? throw new ProtocolException("An empty update.");
            var declared = UpdateValidator.UploadBytes(update);
            if (declared > options.MaxUpdateBytes)
            {
                // Too much to even drain: refuse and hang up.
                await RefuseAsync(SyncletErrors.TooLarge("The update", declared, options.MaxUpdateBytes)).ConfigureAwait(false);
                return;
            }

            var uploads = new UploadReader(_reader, declared);
            AppliedMessage applied;
            try
            {
                applied = store == StoreKind.Source
                    ? await updates.ApplySourceAsync(update, uploads, () => { next = WatchAsync(hungUp, ct); return hungUp.Token; }, ct).ConfigureAwait(false)
                    : await updates.ApplyAsync(update, uploads, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (hungUp.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                Console.Error.WriteLine($"synclet: the build of update {update.UpdateId} was stopped: its client hung up");
                return;
            }

            await _writer.WriteMessageAsync(FrameType.Applied, applied, ProtocolJson.Default.AppliedMessage, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The next frame, read while a build runs; the end of the connection (or its failure) cancels <paramref name="hungUp"/> and reads as the end.</summary>
    private async Task<Frame?> WatchAsync(CancellationTokenSource hungUp, CancellationToken ct)
    {
        try
        {
            if (await _reader.ReadAsync(ct).ConfigureAwait(false) is { } frame)
            {
                return frame;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Gone, as at its end.
        }

        await hungUp.CancelAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>Sends what a subscription is given (app events, telemetry exports) until the connection ends.</summary>
    private static async Task PumpAsync<T>(System.Threading.Channels.ChannelReader<T> subscription, Func<T, Task> send, CancellationToken ct)
    {
        try
        {
            await foreach (var item in subscription.ReadAllAsync(ct).ConfigureAwait(false))
            {
                await send(item).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The connection ended.
        }
    }

    private async Task RefuseAsync(ErrorMessage error)
    {
        Console.Error.WriteLine($"synclet: refused {peer}: {error.Code}: {error.Message}");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _writer.WriteMessageAsync(FrameType.Error, error, ProtocolJson.Default.ErrorMessage, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is gone; the refusal is logged.
        }
    }
}
