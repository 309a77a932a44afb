using System.Net;
using System.Net.Sockets;
using DotnetLive.Protocol.Messages;
using DotnetLive.Synclet.Supervision;

namespace DotnetLive.Synclet.Server;

/// <summary>
/// Accepts connections on the configured address and serves each one until it ends. Connections are
/// capped, and more tightly those that have not authenticated: one over a cap is closed at once, so a
/// flood costs a socket each, never memory. An accept that fails (descriptors run out) is retried.
/// </summary>
/// <param name="telemetry">The app's OpenTelemetry exports, when the synclet receives them (<c>--telemetry</c>).</param>
internal sealed class SyncletServer(SyncletOptions options, UpdateCoordinator updates, EventHub events, AgentRelay agents, Fanout<TelemetryExport>? telemetry)
{
    public const int MaxConnections = 64;
    public const int MaxUnauthenticated = 16;
    private static readonly TimeSpan AcceptRetry = TimeSpan.FromMilliseconds(100);
    private readonly TcpListener _listener = new(options.Bind, options.Port);
    private int _connections;
    private int _unauthenticated;

    public IPEndPoint Start()
    {
        _listener.Start();
        return (IPEndPoint)_listener.LocalEndpoint;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var connections = new List<Task>();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await _listener.AcceptSocketAsync(ct).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    await Task.Delay(AcceptRetry, ct).ConfigureAwait(false);
                    continue;
                }

                if (Volatile.Read(ref _connections) >= MaxConnections || Volatile.Read(ref _unauthenticated) >= MaxUnauthenticated)
                {
                    socket.Dispose();
                    continue;
                }

                socket.NoDelay = true;
                Interlocked.Increment(ref _connections);
                Interlocked.Increment(ref _unauthenticated);
                var stream = new NetworkStream(socket, ownsSocket: true);
                var proved = 0;
                void LeftUnauthenticated()
                {
                    if (Interlocked.Exchange(ref proved, 1) == 0)
                    {
                        Interlocked.Decrement(ref _unauthenticated);
                    }
                }

                var connection = new SyncletConnection(stream, socket.RemoteEndPoint?.ToString() ?? "?", options, updates, events, agents, telemetry, LeftUnauthenticated);
                connections.RemoveAll(t => t.IsCompleted);
                connections.Add(ServeAsync(connection, stream, LeftUnauthenticated, ct));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            _listener.Stop();
            await Task.WhenAll(connections).ConfigureAwait(false);
        }
    }

    /// <param name="ended">Frees the connection's unauthenticated slot if it still holds one.</param>
    private async Task ServeAsync(SyncletConnection connection, Stream stream, Action ended, CancellationToken ct)
    {
        try
        {
            await using (stream.ConfigureAwait(false))
            {
                await Task.Yield();
                await connection.RunAsync(ct).ConfigureAwait(false);
            }
        }
        finally
        {
            ended();
            Interlocked.Decrement(ref _connections);
        }
    }
}
