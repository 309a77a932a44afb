using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Messages;

namespace DotnetLive.Tool.Targets;

/// <summary>
/// Where the app runs: local process, Docker container or Kubernetes pod. A target makes sure a
/// synclet runs there and connects to it; everything else (plans, updates) is the same for all.
/// </summary>
internal interface ILiveTarget : IAsyncDisposable
{
    string Name { get; }

    /// <summary>The synclet as reached by the last <see cref="ConnectAsync"/>; published for LiveDeploy builds.</summary>
    SyncletEndpoint Endpoint { get; }

    /// <summary>Where the running app can be reached, for the user.</summary>
    IReadOnlyList<Uri> AppUrls { get; }

    /// <summary>Starts the synclet if it does not run (again), and opens an authenticated connection to it.</summary>
    Task<SyncletClient> ConnectAsync(Action<AppEvent> onEvent, CancellationToken ct);
}
