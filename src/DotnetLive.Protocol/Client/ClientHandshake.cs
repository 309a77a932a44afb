using System.Text.Json;
using DotnetLive.Protocol.Errors;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Wire;

namespace DotnetLive.Protocol.Client;

/// <summary>
/// The client's half of the mutual proof: a Hello with a fresh nonce, the synclet's proof checked
/// before anything else is sent (an impostor on the synclet's port learns nothing and gets nothing),
/// then the client's own proof. The token itself never travels.
/// </summary>
internal static class ClientHandshake
{
    /// <summary>Runs the handshake and returns the synclet's answer to the client's proof (a Welcome or an Error).</summary>
    /// <param name="hello">What the connection is for; its nonce is made here.</param>
    /// <exception cref="SyncletRefusedException">The synclet refused (DLIVE5001, 5002, …), or could not prove itself (DLIVE5014).</exception>
    public static async Task<Frame> RunAsync(FrameReader reader, FrameWriter writer, string token, HelloMessage hello, CancellationToken ct)
    {
        var nonce = SessionToken.Nonce();
        await writer.WriteMessageAsync(FrameType.Hello, hello with { Nonce = nonce }, ProtocolJson.Default.HelloMessage, ct).ConfigureAwait(false);
        // Before the synclet has proved itself it gets what it gives: a few KiB (a challenge, a refusal).
        var frame = await ReadAsync(reader, ProtocolLimits.MaxHelloBytes, ct).ConfigureAwait(false);
        if (frame.Type != FrameType.Challenge)
        {
            var refused = Unexpected(frame, "a challenge");

            // A synclet older than protocol 7 looks for a token in the hello and refuses it at once.
            throw refused is SyncletRefusedException { Error.Code: DiagnosticCodes.BadToken } ? new SyncletRefusedException(SyncletErrors.OlderSynclet(ProtocolLimits.Version)) : refused;
        }

        var challenge = Deserialize(frame, ProtocolJson.Default.ChallengeMessage);
        if (challenge is null || !SessionToken.IsNonce(challenge.Nonce)
            || !SessionToken.Matches(SessionToken.Proof(token, SessionToken.SyncletRole, nonce, challenge.Nonce), challenge.Proof))
        {
            throw new SyncletRefusedException(SyncletErrors.Unproven());
        }

        await writer.WriteMessageAsync(FrameType.Proof, new ProofMessage(SessionToken.Proof(token, SessionToken.ClientRole, nonce, challenge.Nonce)), ProtocolJson.Default.ProofMessage, ct).ConfigureAwait(false);
        return await ReadAsync(reader, ProtocolLimits.MaxMessageBytes, ct).ConfigureAwait(false);
    }

    private static async Task<Frame> ReadAsync(FrameReader reader, int maxBytes, CancellationToken ct) =>
        await reader.ReadAsync(ct, maxBytes).ConfigureAwait(false) ?? throw new ProtocolException("The synclet closed the connection during the handshake.");

    /// <summary>An Error frame is the synclet's refusal; anything else breaks the protocol.</summary>
    public static Exception Unexpected(Frame frame, string expected) =>
        frame.Type == FrameType.Error && Deserialize(frame, ProtocolJson.Default.ErrorMessage) is { } error
            ? new SyncletRefusedException(error)
            : new ProtocolException($"Expected {expected} from the synclet, got {frame.Type}.");

    /// <summary>A message, or null when the frame holds none (what cannot be read proves nothing).</summary>
    private static T? Deserialize<T>(Frame frame, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(frame.Payload.Span, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
