namespace DotnetLive.Tool.HotReload;

/// <summary>What the Hot Reload loop is to do about a line of dotnet watch: <see cref="WatchEvents"/> decides, the loop acts.</summary>
internal abstract record WatchDecision
{
    private WatchDecision()
    {
    }

    /// <summary>Show the line with --verbose.</summary>
    public sealed record Verbose(string Text) : WatchDecision;

    /// <summary>An edit was applied to the running app in place; <paramref name="Milliseconds"/> it took (0: the line names none).</summary>
    public sealed record ReportHotReloaded(string Text, long Milliseconds) : WatchDecision;

    /// <summary>Build and move the files once the edits pause (<see cref="FollowScheduler"/>).</summary>
    public sealed record ScheduleFollow : WatchDecision;

    /// <summary>Drop the follow that waits or builds: the restart that comes builds everything.</summary>
    public sealed record CancelFollow : WatchDecision;

    /// <summary>
    /// A rude edit (<paramref name="Why"/>, for the update line): dotnet watch starts a session again by
    /// itself, and the tool restarts the app beside it, on its warm path, before dotnet watch's build can.
    /// </summary>
    public sealed record RestartBeside(string Why) : WatchDecision;

    /// <summary>
    /// Code was saved after the build the engine session started from, before it watched: dotnet watch has
    /// the new text as its baseline and will never apply it, so the tool's path serves it.
    /// </summary>
    public sealed record RestartSavedWhileStarting : WatchDecision;

    /// <summary>A compile error was added: once the lines pause, show what <see cref="WatchEvents.ErrorsQuiet"/> gives for <paramref name="Version"/>.</summary>
    public sealed record GatherErrors(long Version) : WatchDecision;

    /// <summary>An error that is no compiler diagnostic (the relay's own).</summary>
    public sealed record ReportError(string Text) : WatchDecision;

    /// <summary>A good compile ends the build errors shown.</summary>
    public sealed record ReportBuildSucceeded : WatchDecision;

    /// <summary>The relay started or joined the app: read the start-up code of the build it runs (each save of code is checked against it).</summary>
    public sealed record ReadStartupCode : WatchDecision;

    /// <summary>dotnet watch cannot watch files on this machine (the inotify limit): Hot Reload cannot run, the session goes on without it.</summary>
    public sealed record GiveUpHotReload(string Text) : WatchDecision;

    /// <summary>Say what the relay said.</summary>
    public sealed record SayRelay(string Text) : WatchDecision;
}
