namespace DotnetLive.Protocol.Messages;

internal enum AppEventKind
{
    Started,
    Ready,
    Exited,
    Stdout,
    Stderr,
}
