namespace DotnetLive.Protocol.Messages;

/// <summary>
/// A lifecycle change or a log line of the supervised app. <see cref="Text"/> is a log line's;
/// an exit carries its <see cref="Reason"/>, and a crash the <see cref="Crash"/> parsed from the app's
/// stderr, when there was one.
/// </summary>
internal sealed record AppEvent(AppEventKind Kind, DateTimeOffset At, string? Text, int? Pid, int? ExitCode, ExitReason? Reason = null, CrashReport? Crash = null)
{
    /// <summary>A lifecycle change (started, ready, exited), not a log line.</summary>
    public bool IsLifecycle => Kind is AppEventKind.Started or AppEventKind.Ready or AppEventKind.Exited;

    /// <summary>The app ended without being asked to (crashed, or exited on its own).</summary>
    public bool EndedOnItsOwn => Kind == AppEventKind.Exited && Reason != ExitReason.Stopped;
}
