namespace DotnetLive.Protocol.Wire;

/// <summary>One frame read off a connection; <see cref="Payload"/> is owned by the caller.</summary>
internal readonly record struct Frame(FrameType Type, ReadOnlyMemory<byte> Payload);
