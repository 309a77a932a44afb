namespace DotnetLive.Protocol.Messages;

/// <summary>Client → synclet: an action on the app. Its effects arrive as events.</summary>
internal sealed record CommandMessage(AppCommand Name);
