namespace DotnetLive.Protocol.Messages;

/// <summary>The supervised app as the synclet sees it. <see cref="State"/> is one of <see cref="AppStates"/>.</summary>
internal sealed record AppStatus(string State, int? Pid, int Starts, int? LastExitCode);
