using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DotnetLive.Testing.FakeKubernetes;

/// <summary>
/// Port-forward over WebSocket with the <c>v4.channel.k8s.io</c> subprotocol, as the kubelet serves it:
/// the port number first on each channel, data on channel 0, errors on channel 1. It connects to
/// 127.0.0.1 inside the pod (<see cref="PodNetwork"/>), as the pod's own processes would.
/// </summary>
internal sealed class PortForwardEndpoint(ClusterStore store)
{
    private const string Protocol = "v4.channel.k8s.io";

    /// <summary>The pods port-forwarded to, by name, in order.</summary>
    public ConcurrentQueue<string> Forwarded { get; } = new();

    public void Map(WebApplication app) => app.Map("/api/v1/namespaces/{ns}/pods/{name}/portforward", PortForwardAsync);

    /// <summary>The kubelet's WebSocket port-forward: channel 0 data, channel 1 errors, each opened with the port number.</summary>
    private async Task PortForwardAsync(HttpContext http, string ns, string name)
    {
        if (await ApiStatus.FindPodAsync(http, store, ns, name) is not { } pod)
        {
            return;
        }

        if (!http.WebSockets.IsWebSocketRequest || !http.WebSockets.WebSocketRequestedProtocols.Contains(Protocol))
        {
            await ApiStatus.WriteAsync(http, 400, "BadRequest", "Upgrade request required (WebSocket, subprotocol v4.channel.k8s.io)");
            return;
        }

        if (!ushort.TryParse(http.Request.Query["ports"].ToString(), out var port) || port == 0)
        {
            await ApiStatus.WriteAsync(http, 400, "BadRequest", "query parameter \"ports\" is required: one port number");
            return;
        }

        Forwarded.Enqueue(name);
        using var socket = await http.WebSockets.AcceptWebSocketAsync(Protocol);
        byte[] prefix = [0, (byte)(port & 0xff), (byte)(port >> 8)];
        await socket.SendAsync(prefix, WebSocketMessageType.Binary, true, http.RequestAborted);
        prefix[0] = 1;
        await socket.SendAsync(prefix, WebSocketMessageType.Binary, true, http.RequestAborted);

        Socket target;
        try
        {
            target = pod.SandboxPid > 0 && pod.Object.Metadata.DeletionTimestamp is null
                ? await PodNetwork.ConnectAsync(pod.SandboxPid, port)
                : throw new IOException($"pod {name} is not running");
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            var error = Encoding.UTF8.GetBytes($"an error occurred forwarding {port} -> {port}: error forwarding port {port} to pod {pod.Object.Metadata.Uid}: dial tcp4 127.0.0.1:{port}: {e.Message}");
            await socket.SendAsync((byte[])[1, .. error], WebSocketMessageType.Binary, true, http.RequestAborted);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, http.RequestAborted);
            return;
        }

        using (target)
        {
            using var done = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, pod.Stop.Token);
            var up = FromClientAsync(socket, target, done.Token);
            var down = ToClientAsync(target, socket, done.Token);
            await Task.WhenAny(up, down);
            await done.CancelAsync();
            try
            {
                await Task.WhenAll(up, down);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or SocketException)
            {
                // One side ended; so does the forward.
            }
        }
    }

    private static async Task FromClientAsync(WebSocket socket, Socket target, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        var messageStart = true;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                target.Shutdown(SocketShutdown.Send);
                return;
            }

            var data = buffer.AsMemory(0, result.Count);
            if (messageStart && data.Length > 0)
            {
                data = data[1..]; // The channel: 0, the only one a client writes data on.
            }

            messageStart = result.EndOfMessage;
            while (!data.IsEmpty)
            {
                var sent = await target.SendAsync(data, ct);
                data = data[sent..];
            }
        }
    }

    private static async Task ToClientAsync(Socket target, WebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024 + 1];
        while (true)
        {
            var read = await target.ReceiveAsync(buffer.AsMemory(1), ct);
            if (read == 0)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                return;
            }

            buffer[0] = 0;
            await socket.SendAsync(buffer.AsMemory(0, read + 1), WebSocketMessageType.Binary, true, ct);
        }
    }
}
