namespace DotnetLive.Protocol.Messages;

/// <param name="AgentPipe">
/// Set on a tunnel connection: once the app's Hot Reload agent connects to the pipe of that name in the
/// container, the synclet sends one <see cref="Wire.FrameType.Tunnel"/> frame and the connection carries
/// the agent's raw bytes from then on, both ways. Null on an ordinary connection.
/// </param>
internal sealed record HelloMessage(int ProtocolVersion, string Token, string Client, string? AgentPipe = null);
