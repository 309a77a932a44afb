using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Messages;
using DotnetLive.Testing.Orchestration;
using DotnetLive.Tool.Targets;

namespace DotnetLive.Tests.Fakes;

/// <summary>
/// A target whose instances are <see cref="FakeSynclet"/>s in this process (one, or several as pods
/// would be): it connects to each as the real targets do, can be told to fail its next connects, and
/// changes its instances when the test says, as a rollout does.
/// </summary>
internal sealed class FakeTarget(string token, params FakeSynclet[] synclets) : ILiveTarget
{
    private readonly Lock _gate = new();
    private IReadOnlyList<FakeSynclet> _synclets = synclets;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _connects;

    public string Name => "fake";

    public SyncletEndpoint Endpoint => new("127.0.0.1", _synclets[0].Port, token);

    public IReadOnlyList<Uri> AppUrls => [];

    public Task ReplicasChanged
    {
        get
        {
            lock (_gate)
            {
                return _changed.Task;
            }
        }
    }

    /// <summary>Thrown, in order, by the next connects (a synclet that is not up yet, a target's own failure).</summary>
    public Queue<Exception> ConnectFailures { get; } = new();

    public int Connects => Volatile.Read(ref _connects);

    /// <summary>The instances are now these (a pod replaced, one added): the session is told to connect again.</summary>
    public void ChangeReplicas(params FakeSynclet[] now)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _synclets = now;
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    public async Task<IReadOnlyList<Replica>> ConnectAsync(Action<AppEvent, string?> onEvent, CancellationToken ct)
    {
        Interlocked.Increment(ref _connects);
        IReadOnlyList<FakeSynclet> current;
        lock (_gate)
        {
            if (ConnectFailures.TryDequeue(out var failure))
            {
                throw failure;
            }

            current = _synclets;
        }

        var replicas = new List<Replica>();
        try
        {
            foreach (var synclet in current)
            {
                var name = current.Count > 1 ? synclet.Name : null;
                var client = await SyncletClient.ConnectTcpAsync("127.0.0.1", synclet.Port, token, SyncletConnector.ClientName, StoreKind.App, e => onEvent(e, name), ct);
                replicas.Add(new Replica(synclet.Name, client));
            }
        }
        catch
        {
            foreach (var replica in replicas)
            {
                await replica.Client.DisposeAsync();
            }

            throw;
        }

        return replicas;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
