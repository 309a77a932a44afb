namespace DotnetLive.Tool.Targets;

/// <summary>Where the tool reaches a target's synclet from this machine, and the session's token.</summary>
internal sealed record SyncletEndpoint(string Host, int Port, string Token);
