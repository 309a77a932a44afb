namespace DotnetLive.Protocol.Messages;

internal static class AppEventKinds
{
    public const string Started = "started";
    public const string Ready = "ready";
    public const string Exited = "exited";
    public const string Stdout = "stdout";
    public const string Stderr = "stderr";
}
