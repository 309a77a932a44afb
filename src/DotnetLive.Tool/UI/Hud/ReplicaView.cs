namespace DotnetLive.Tool.UI.Hud;

/// <summary>One running copy of the app: the local process, the container, or a pod.</summary>
internal sealed record ReplicaView(string Name, string State, int Restarts, int? Pid);
