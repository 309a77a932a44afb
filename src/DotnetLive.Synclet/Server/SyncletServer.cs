using System.Net;
using System.Net.Sockets;

namespace DotnetLive.Synclet.Server;

/// <summary>Accepts connections on the configured address and serves each one until it ends.</summary>
internal sealed class SyncletServer(SyncletOptions options, UpdateCoordinator updates, EventHub events, AgentRelay agents)
{
    private readonly TcpListener _listener = new(options.Bind, options.Port);

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
                var socket = await _listener.AcceptSocketAsync(ct).ConfigureAwait(false);
                socket.NoDelay = true;
                var stream = new NetworkStream(socket, ownsSocket: true);
                var connection = new SyncletConnection(stream, socket.RemoteEndPoint?.ToString() ?? "?", options, updates, events, agents);
                connections.RemoveAll(t => t.IsCompleted);
                connections.Add(ServeAsync(connection, stream, ct));
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

    private static async Task ServeAsync(SyncletConnection connection, Stream stream, CancellationToken ct)
    {
        await using (stream.ConfigureAwait(false))
        {
            await Task.Yield();
            await connection.RunAsync(ct).ConfigureAwait(false);
        }
    }
}
