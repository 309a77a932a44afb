using System.Net.Sockets;
using System.Text.Json;
using DotnetLive.Protocol;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Wire;

namespace DotnetLive.Testing;

/// <summary>
/// A connection that speaks the wire protocol frame by frame, so tests can send what the real client
/// never would: bad paths, lies about sizes, garbage, half an upload.
/// </summary>
internal sealed class RawSynclet(NetworkStream stream) : IAsyncDisposable
{
    private readonly FrameReader _reader = new(stream);
    private readonly FrameWriter _writer = new(stream);

    /// <summary>
    /// Connects, says hello and proves itself with <paramref name="token"/> (the synclet's by default),
    /// whatever the synclet's own proof; <see cref="Welcome"/> is null if the synclet refused.
    /// </summary>
    public static async Task<RawSynclet> HelloAsync(SyncletHost synclet, string? token = null, int version = ProtocolLimits.Version)
    {
        var raw = new RawSynclet(await synclet.OpenAsync());
        var nonce = SessionToken.Nonce();
        await raw._writer.WriteMessageAsync(FrameType.Hello, new HelloMessage(version, nonce, "raw"), ProtocolJson.Default.HelloMessage, CancellationToken.None);
        var answer = await raw.ReadAsync();
        if (answer is { Type: FrameType.Challenge } frame)
        {
            var challenge = JsonSerializer.Deserialize(frame.Payload.Span, ProtocolJson.Default.ChallengeMessage)!;
            raw.SyncletProven = SessionToken.Matches(SessionToken.Proof(synclet.Token, SessionToken.SyncletRole, nonce, challenge.Nonce), challenge.Proof);
            await raw._writer.WriteMessageAsync(FrameType.Proof, new ProofMessage(SessionToken.Proof(token ?? synclet.Token, SessionToken.ClientRole, nonce, challenge.Nonce)), ProtocolJson.Default.ProofMessage, CancellationToken.None);
            answer = await raw.ReadAsync();
        }

        raw.Welcome = answer is { Type: FrameType.Welcome } welcome ? JsonSerializer.Deserialize(welcome.Payload.Span, ProtocolJson.Default.WelcomeMessage) : null;
        raw.Refusal = answer is { Type: FrameType.Error } error ? JsonSerializer.Deserialize(error.Payload.Span, ProtocolJson.Default.ErrorMessage) : null;
        return raw;
    }

    public WelcomeMessage? Welcome { get; private set; }

    /// <summary>Whether the synclet's challenge proved it holds the session's token.</summary>
    public bool SyncletProven { get; private set; }

    public ErrorMessage? Refusal { get; private set; }

    public Task SendAsync(FrameType type, byte[] payload) => _writer.WriteAsync(type, payload, CancellationToken.None);

    /// <summary>A frame header alone, with any length: what FrameWriter refuses to send.</summary>
    public async Task SendRawHeaderAsync(uint length, FrameType type)
    {
        var header = new byte[5];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(header, length);
        header[4] = (byte)type;
        await stream.WriteAsync(header);
        await stream.FlushAsync();
    }

    public Task SendApplyAsync(ApplyMessage update) => _writer.WriteMessageAsync(FrameType.Apply, update, ProtocolJson.Default.ApplyMessage, CancellationToken.None);

    /// <summary>The next frame, or null when the synclet closed the connection.</summary>
    public async Task<Frame?> ReadAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            // Events (app output) may come first; they are not what these tests look at.
            while (true)
            {
                var frame = await _reader.ReadAsync(timeout.Token);
                if (frame is not { Type: FrameType.Event })
                {
                    return frame;
                }
            }
        }
        catch (IOException)
        {
            return null;
        }
    }

    public async Task<AppliedMessage> ReadAppliedAsync()
    {
        var frame = await ReadAsync() ?? throw new IOException("The synclet closed the connection instead of answering.");
        return frame.Type == FrameType.Applied
            ? JsonSerializer.Deserialize(frame.Payload.Span, ProtocolJson.Default.AppliedMessage)!
            : throw new InvalidOperationException($"Expected Applied, got {frame.Type}.");
    }

    public async ValueTask DisposeAsync()
    {
        _writer.Dispose();
        await stream.DisposeAsync();
    }
}
