namespace DotnetLive.Protocol.Messages;

/// <summary>Why the app's process ended.</summary>
internal enum ExitReason
{
    /// <summary>The synclet stopped it (an update, a restart, the synclet's own stop).</summary>
    Stopped,

    /// <summary>It ended on its own with exit code 0.</summary>
    Exited,

    /// <summary>It ended on its own with another exit code, or was killed by a signal it did not get from the synclet.</summary>
    Crashed,
}
