namespace DotnetLive.Protocol.Messages;

/// <summary>Client → synclet: an action on the app; <see cref="Name"/> is one of <see cref="Commands"/>. Its effects arrive as events.</summary>
internal sealed record CommandMessage(string Name);
