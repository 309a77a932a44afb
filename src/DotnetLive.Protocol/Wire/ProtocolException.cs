namespace DotnetLive.Protocol.Wire;

/// <summary>The peer broke the protocol (bad framing, unknown frame, malformed message).</summary>
internal sealed class ProtocolException(string message) : Exception(message);
