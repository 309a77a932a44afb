using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Messages;

namespace DotnetLive.Tool.Targets;

/// <summary>
/// Where the app runs: local process, Docker container or Kubernetes pods. A target makes sure a
/// synclet runs in every instance of the app and connects to each; everything else (plans, updates)
/// is the same for all.
/// </summary>
internal interface ILiveTarget : IAsyncDisposable
{
    string Name { get; }

    /// <summary>The synclet as reached by the last <see cref="ConnectAsync"/>; published for LiveDeploy builds.</summary>
    SyncletEndpoint Endpoint { get; }

    /// <summary>Where the running app can be reached, for the user.</summary>
    IReadOnlyList<Uri> AppUrls { get; }

    /// <summary>
    /// Completes when the instances of the app changed since the last <see cref="ConnectAsync"/> saw
    /// them, without a connection ending (a new pod became ready), so the caller connects again; a
    /// single-instance target never completes it.
    /// </summary>
    Task ReplicasChanged { get; }

    /// <summary>Starts the synclet where it does not run (again), and opens an authenticated connection to every instance.</summary>
    /// <param name="onEvent">The app's events, with the pod they come from when the app runs as several (null otherwise).</param>
    Task<IReadOnlyList<Replica>> ConnectAsync(Action<AppEvent, string?> onEvent, CancellationToken ct);
}

/// <summary>One running instance of the app (the local process, the container, a pod) and the connection to its synclet.</summary>
internal sealed record Replica(string Name, SyncletClient Client);
