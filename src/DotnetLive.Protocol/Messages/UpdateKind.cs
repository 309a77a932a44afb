namespace DotnetLive.Protocol.Messages;

/// <summary>What an update does besides moving files (<see cref="ApplyMessage.Kind"/>); the wire's form of the client's <c>UpdateRequest</c>.</summary>
internal enum UpdateKind
{
    /// <summary>The app restarts from the new files with a plain start.</summary>
    Restart,

    /// <summary>
    /// The app restarts as it was last started: a Hot Reload session's app keeps its agent, which the
    /// synclet answers until the next engine session joins.
    /// </summary>
    RestartAsLaunched,

    /// <summary>
    /// The app starts with the update's <see cref="ApplyMessage.Launch"/>, even when no file differs; with
    /// no file to change, an engine joins an app that already runs the live files with Hot Reload
    /// (<see cref="AppliedMessage.Joined"/>).
    /// </summary>
    HotReloadStart,

    /// <summary>The files move and the app keeps running from the ones it started with (hot-reloaded already, or read live); the next start runs the new files.</summary>
    FilesOnly,

    /// <summary>Sources: the synclet builds <see cref="ApplyMessage.Project"/> once they are in, and swaps its output in.</summary>
    Build,
}
