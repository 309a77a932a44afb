namespace DotnetLive.Protocol.Messages;

internal static class Commands
{
    /// <summary>Stop the app (SIGTERM, grace, SIGKILL) and start it again from the live release.</summary>
    public const string Restart = "restart";
}
