namespace DotnetLive.Protocol.Messages;

/// <summary>An action on the app (<see cref="CommandMessage"/>).</summary>
internal enum AppCommand
{
    /// <summary>Stop the app (SIGTERM, grace, SIGKILL) and start it again from the live release.</summary>
    Restart,
}
