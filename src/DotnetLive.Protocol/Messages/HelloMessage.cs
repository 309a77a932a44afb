namespace DotnetLive.Protocol.Messages;

/// <summary>Client → synclet, the first frame: no secret, a fresh nonce the synclet's proof must cover.</summary>
/// <param name="Nonce">The client's nonce (<see cref="Wire.SessionToken.Nonce"/>).</param>
/// <param name="AgentPipe">
/// Set on a tunnel connection: once the app's Hot Reload agent connects to the pipe of that name in the
/// container, the synclet sends one <see cref="Wire.FrameType.Tunnel"/> frame and the connection carries
/// the agent's raw bytes from then on, both ways. Null on an ordinary connection.
/// </param>
/// <param name="Store">
/// What the connection's manifests and updates are about: the app's files, or the project's source
/// files, which a synclet started with <c>--source-root</c> builds next to the app (build in the cluster).
/// </param>
/// <param name="Telemetry">The client wants the app's OpenTelemetry exports (<see cref="Wire.FrameType.Telemetry"/> frames): the tool, when its dashboard runs.</param>
internal sealed record HelloMessage(int ProtocolVersion, string Nonce, string Client, string? AgentPipe = null, StoreKind Store = StoreKind.App, bool Telemetry = false);

/// <summary>Synclet → client, the answer to a Hello: its own nonce, and its proof that it holds the session's token.</summary>
internal sealed record ChallengeMessage(string Nonce, string Proof);

/// <summary>Client → synclet, once the synclet's proof checked out: the client's proof.</summary>
internal sealed record ProofMessage(string Proof);
