namespace DotnetLive.Protocol.Messages;

internal static class AppStates
{
    public const string NotStarted = "not-started";
    public const string Running = "running";
    public const string Ready = "ready";
    public const string Exited = "exited";
    public const string Crashed = "crashed";
}
