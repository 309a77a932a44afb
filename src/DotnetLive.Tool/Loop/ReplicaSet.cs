using DotnetLive.Protocol.Messages;
using DotnetLive.Tool.Targets;

namespace DotnetLive.Tool.Loop;

/// <summary>
/// The connections to every instance of the app: kept while they all last and the target's instances
/// stay the same, made again through the target otherwise, and published for LiveDeploy builds. Its
/// owner (<see cref="Updater"/>) calls it under one gate (all but its disposal, which may come at any time:
/// connections kept after it are closed at once); what to do when a connection is lost
/// (reconnect, resync) is the owner's.
/// </summary>
internal sealed class ReplicaSet(ILiveTarget target, SessionPublisher session, Action<AppEvent, string?> onEvent) : IAsyncDisposable
{
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IReadOnlyList<Replica>? _replicas;
    private Task _instancesChanged = Task.CompletedTask;

    /// <summary>The connections made last, and whether this call made them.</summary>
    public sealed record Connection(IReadOnlyList<Replica> Replicas, Task InstancesChanged, bool IsNew);

    /// <summary>Set once the session ends: connections made after are closed at once.</summary>
    public bool Closed => _closed.Task.IsCompleted;

    /// <summary>Completes when the session ends, for whatever waits on the connections.</summary>
    public Task Closing => _closed.Task;

    /// <summary>A connection was made once: a later failure to connect is a loss the session lives through.</summary>
    public bool ConnectedOnce { get; private set; }

    /// <summary>The connections there are (null: none).</summary>
    public IReadOnlyList<Replica>? Current => _replicas;

    /// <summary>True while every instance of the app the connections know of runs (none crashed or stopped).</summary>
    public bool AppRunning => _replicas is { Count: > 0 } replicas && replicas.All(r => r.Client.LastApp.IsUp);

    /// <summary>The connections, made again when there are none, one of them ended, or the instances changed.</summary>
    public async Task<Connection> ConnectedAsync(CancellationToken ct)
    {
        if (_replicas is { } replicas && replicas.All(r => !r.Client.Completion.IsCompleted) && !_instancesChanged.IsCompleted)
        {
            return new Connection(replicas, _instancesChanged, IsNew: false);
        }

        await DropAsync().ConfigureAwait(false);
        var connected = await target.ConnectAsync(onEvent, ct).ConfigureAwait(false);
        if (Closed)
        {
            // The session ended while connecting: these connections are nobody's.
            foreach (var replica in connected)
            {
                await replica.Client.DisposeAsync().ConfigureAwait(false);
            }

            throw new OperationCanceledException("The session ended.");
        }

        _instancesChanged = target.ReplicasChanged;
        _replicas = connected;
        ConnectedOnce = true;
        if (Closed)
        {
            // Closed while these were being kept: nobody else will close them.
            await DropAsync().ConfigureAwait(false);
            throw new OperationCanceledException("The session ended.");
        }

        session.Publish(target.Name, target.Endpoint);
        return new Connection(connected, _instancesChanged, IsNew: true);
    }

    /// <summary>Closes every connection (a failed upload leaves them out of step; the next use connects again).</summary>
    public async Task DropAsync()
    {
        if (_replicas is { } replicas)
        {
            _replicas = null;
            foreach (var replica in replicas)
            {
                await replica.Client.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _closed.TrySetResult();
        await DropAsync().ConfigureAwait(false);
    }
}
