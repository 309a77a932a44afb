using DotnetLive.Protocol.Messages;

namespace DotnetLive.Tool.UI.Hud;

/// <summary>One running copy of the app (the local process, the container, or a pod) and its app as its events left it.</summary>
internal sealed record ReplicaView(string Name, AppStatus App)
{
    public static ReplicaView NotStarted(string name) => new(name, AppStatus.NotStarted);

    /// <summary>The app's state in the HUD's words.</summary>
    public string State => App.State switch
    {
        AppState.NotStarted => "not started",
        AppState.Running => "running",
        AppState.Ready => "ready",
        AppState.Stopped => "restarting",
        AppState.Exited => "exited",
        _ => "crashed",
    };
}
