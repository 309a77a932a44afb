using System.Diagnostics;
using System.Net.Sockets;
using System.Net.WebSockets;
using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Wire;
using k8s.Autorest;

namespace DotnetLive.Tool.Targets;

/// <summary>
/// Connects to a synclet that may not listen yet: a container's published port accepts before the
/// synclet does, a port-forward fails until it listens in the pod. The handshake is retried until it
/// answers or the target says the synclet will not.
/// </summary>
internal static class SyncletConnector
{
    /// <summary>The name the tool's connections give in their hello.</summary>
    public const string ClientName = "dotnet-live";

    /// <summary>How long a synclet may take to listen after its container or pod started.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <param name="open">A stream to the synclet's port (a TCP connection, a port-forward).</param>
    /// <param name="onTelemetry">The app's OpenTelemetry exports, when the caller wants them (<see cref="TelemetryRoute.Forward"/>).</param>
    /// <param name="giveUp">Called after each failed attempt with what failed and how long it has been trying: throws to stop (the synclet will not answer), else the handshake is tried again after <paramref name="retryDelay"/>.</param>
    public static async Task<SyncletClient> ConnectAsync(
        Func<CancellationToken, Task<Stream>> open,
        string token,
        StoreKind store,
        Action<AppEvent> onEvent,
        Action<TelemetryExport>? onTelemetry,
        Func<Exception, TimeSpan, Task> giveUp,
        TimeSpan retryDelay,
        CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Stream? stream = null;
            try
            {
                stream = await open(ct).ConfigureAwait(false);
                return await SyncletClient.ConnectAsync(stream, token, ClientName, store, onEvent, onTelemetry, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or ProtocolException or WebSocketException or HttpRequestException or HttpOperationException)
            {
                if (stream is not null)
                {
                    await stream.DisposeAsync().ConfigureAwait(false);
                }

                await giveUp(e, clock.Elapsed).ConfigureAwait(false);
                await Task.Delay(retryDelay, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A loopback TCP connection to <paramref name="port"/>.</summary>
    public static Func<CancellationToken, Task<Stream>> Tcp(string host, int port) => async ct =>
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    };
}
