namespace DotnetLive.Protocol.Messages;

/// <summary>
/// A lifecycle change or a log line of the supervised app. <see cref="Kind"/> is one of <see cref="AppEventKinds"/>;
/// an exit the app did not survive carries the <see cref="Crash"/> parsed from its stderr, when there was one.
/// </summary>
internal sealed record AppEvent(string Kind, DateTimeOffset At, string? Text, int? Pid, int? ExitCode, CrashReport? Crash = null);
