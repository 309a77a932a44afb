namespace DotnetLive.Protocol.Messages;

internal sealed record HelloMessage(int ProtocolVersion, string Token, string Client);
