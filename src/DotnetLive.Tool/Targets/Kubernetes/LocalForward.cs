using System.Net;
using System.Net.Sockets;

namespace DotnetLive.Tool.Targets.Kubernetes;

/// <summary>
/// A port on 127.0.0.1 whose connections are carried to a port of a ready pod through port-forward,
/// as `kubectl port-forward` does: the app's URL for the developer, and the synclet's endpoint for
/// LiveDeploy builds. Only this machine can connect.
/// </summary>
internal sealed class LocalForward : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<CancellationToken, Task<Stream>> _open;
    private static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private readonly Task _accepting;

    private LocalForward(TcpListener listener, Func<CancellationToken, Task<Stream>> open)
    {
        _listener = listener;
        _open = open;
        _accepting = AcceptAsync(_stop.Token);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <param name="port">The local port; 0 picks a free one.</param>
    /// <param name="open">Opens a connection to the pod's port.</param>
    public static LocalForward Start(int port, Func<CancellationToken, Task<Stream>> open)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        return new LocalForward(listener, open);
    }

    private async Task AcceptAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            client.NoDelay = true;
            lock (_pumps)
            {
                _pumps.RemoveAll(p => p.IsCompleted);
                _pumps.Add(PumpAsync(client, ct));
            }
        }
    }

    private async Task PumpAsync(Socket client, CancellationToken ct)
    {
        await using var local = new NetworkStream(client, ownsSocket: true);
        try
        {
            await using var remote = await _open(ct).ConfigureAwait(false);
            using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var up = local.CopyToAsync(remote, done.Token);
            var down = remote.CopyToAsync(local, done.Token);
            if (await Task.WhenAny(up, down).ConfigureAwait(false) == up && up.IsCompletedSuccessfully)
            {
                // The client is done sending (it may have half-closed): its answer may still be coming.
                await Task.WhenAny(down, Task.Delay(DrainTime, done.Token)).ConfigureAwait(false);
            }

            await done.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(up, down).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // One forwarded connection failing (no ready pod, the pod went) only ends that connection.
        catch (Exception)
#pragma warning restore CA1031
        {
            client.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _accepting.ConfigureAwait(false);
        Task[] pumps;
        lock (_pumps)
        {
            pumps = [.. _pumps];
        }

        await Task.WhenAll(pumps).ConfigureAwait(false);
        _stop.Dispose();
    }
}
