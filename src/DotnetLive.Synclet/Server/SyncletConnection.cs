using System.Text.Json;
using DotnetLive.Protocol;
using DotnetLive.Protocol.Errors;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Wire;
using DotnetLive.Synclet.Store;

namespace DotnetLive.Synclet.Server;

/// <summary>One client: handshake (version + token), then updates in, events out.</summary>
internal sealed class SyncletConnection(Stream stream, string peer, SyncletOptions options, UpdateCoordinator updates, EventHub events)
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);
    private readonly FrameReader _reader = new(stream);
    private readonly FrameWriter _writer = new(stream);

    public async Task RunAsync(CancellationToken ct)
    {
        using (_writer)
        {
            try
            {
                if (!await HandshakeAsync(ct).ConfigureAwait(false))
                {
                    return;
                }

                var subscription = events.Subscribe();
                using var pumpStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var pump = PumpEventsAsync(subscription, pumpStop.Token);
                try
                {
                    await ServeAsync(ct).ConfigureAwait(false);
                }
                finally
                {
                    events.Unsubscribe(subscription);
                    await pumpStop.CancelAsync().ConfigureAwait(false);
                    await pump.ConfigureAwait(false);
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
        }
    }

    private async Task<bool> HandshakeAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(HandshakeTimeout);
        Frame? frame;
        try
        {
            frame = await _reader.ReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await RefuseAsync(SyncletErrors.HandshakeTimeout()).ConfigureAwait(false);
            return false;
        }

        if (frame is not { Type: FrameType.Hello } hello)
        {
            await RefuseAsync(SyncletErrors.Malformed("the first frame must be a hello")).ConfigureAwait(false);
            return false;
        }

        var message = JsonSerializer.Deserialize(hello.Payload.Span, ProtocolJson.Default.HelloMessage);
        if (!SessionToken.Matches(options.Token, message?.Token))
        {
            await RefuseAsync(SyncletErrors.BadToken()).ConfigureAwait(false);
            return false;
        }

        if (message!.ProtocolVersion != ProtocolLimits.Version)
        {
            await RefuseAsync(SyncletErrors.VersionMismatch(message.ProtocolVersion, ProtocolLimits.Version)).ConfigureAwait(false);
            return false;
        }

        await _writer.WriteMessageAsync(FrameType.Welcome, updates.Welcome(), ProtocolJson.Default.WelcomeMessage, ct).ConfigureAwait(false);
        return true;
    }

    private async Task ServeAsync(CancellationToken ct)
    {
        while (await _reader.ReadAsync(ct).ConfigureAwait(false) is { } frame)
        {
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

            var applied = await updates.ApplyAsync(update, new UploadReader(_reader, declared), ct).ConfigureAwait(false);
            await _writer.WriteMessageAsync(FrameType.Applied, applied, ProtocolJson.Default.AppliedMessage, ct).ConfigureAwait(false);
        }
    }

    private async Task PumpEventsAsync(System.Threading.Channels.ChannelReader<AppEvent> subscription, CancellationToken ct)
    {
        try
        {
            await foreach (var appEvent in subscription.ReadAllAsync(ct).ConfigureAwait(false))
            {
                await _writer.WriteMessageAsync(FrameType.Event, appEvent, ProtocolJson.Default.AppEvent, ct).ConfigureAwait(false);
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
