namespace DotnetLive.Protocol.Messages;

/// <summary>Where the supervised app is in its lifecycle (<see cref="AppStatus.After"/> moves it on).</summary>
internal enum AppState
{
    NotStarted,

    /// <summary>Started; not answering its readiness URL yet (a web app), or running (an app without one).</summary>
    Running,

    Ready,

    /// <summary>Stopped by the synclet (an update, a restart); the next start follows.</summary>
    Stopped,

    /// <summary>Ended on its own with exit code 0.</summary>
    Exited,

    /// <summary>Ended on its own with another exit code or a signal.</summary>
    Crashed,
}
