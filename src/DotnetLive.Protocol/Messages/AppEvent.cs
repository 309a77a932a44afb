namespace DotnetLive.Protocol.Messages;

/// <summary>A lifecycle change or a log line of the supervised app. <see cref="Kind"/> is one of <see cref="AppEventKinds"/>.</summary>
internal sealed record AppEvent(string Kind, DateTimeOffset At, string? Text, int? Pid, int? ExitCode);
