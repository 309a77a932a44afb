using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace DotnetLive.Tool.HotReload;

/// <summary>
/// Stands between an open page and dotnet watch's browser-refresh server (a WebSocket on this
/// machine). dotnet watch tells the page to fetch a saved css or js file again as soon as it sees the
/// save, but the app serving the page is the synclet's, which has the file only once the tool has
/// shipped it: each <c>UpdateStaticFile</c> message is held until <paramref name="shipped"/> says the
/// saves seen so far are in the app. Every other byte passes through unchanged, the handshake
/// (with its secret) included. Listens on loopback only.
/// </summary>
/// <param name="upstream">dotnet watch's refresh endpoint, as the relay recorded it (null: none yet).</param>
internal sealed class BrowserRefreshProxy(Func<Uri?> upstream, Func<CancellationToken, Task> shipped) : IAsyncDisposable
{
    private const int MaxHeadBytes = 16 * 1024;
    private const int MaxHeldFrameBytes = 1024 * 1024;
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] StaticFileMessage = "\"UpdateStaticFile\""u8.ToArray();
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private Task _accepting = Task.CompletedTask;

    /// <summary>The endpoint the page's script connects to instead of dotnet watch's.</summary>
    public Uri Endpoint => new($"ws://localhost:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public void Start()
    {
        _listener.Start();
        _accepting = AcceptAsync(_stop.Token);
    }

    private async Task AcceptAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket page;
            try
            {
                page = await _listener.AcceptSocketAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                // A failed accept (the descriptors ran out) ends nothing but that connection.
                await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            _ = RelayAsync(page, ct);
        }
    }

    private async Task RelayAsync(Socket page, CancellationToken ct)
    {
        using var pageSocket = page;
        using var watch = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (upstream() is not { } target)
            {
                return;
            }

            await using var pageStream = new NetworkStream(pageSocket, ownsSocket: false);
            var head = await ReadHeadAsync(pageStream, ct).ConfigureAwait(false);
            await watch.ConnectAsync(target.Host, target.Port, ct).ConfigureAwait(false);
            await using var watchStream = new NetworkStream(watch, ownsSocket: false);
            await watchStream.WriteAsync(head, ct).ConfigureAwait(false);

            using var end = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var up = pageStream.CopyToAsync(watchStream, end.Token);
            var down = DownAsync(watchStream, pageStream, end.Token);
            await Task.WhenAny(up, down).ConfigureAwait(false);
            await end.CancelAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or InvalidDataException)
        {
            // The page went, dotnet watch restarted, or the session ended: the page's script reconnects.
        }
    }

    /// <summary>The server's handshake answer as it is, then frame by frame, holding static-file updates until the file is in the app.</summary>
    private async Task DownAsync(Stream watch, Stream page, CancellationToken ct)
    {
        await page.WriteAsync(await ReadHeadAsync(watch, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        var header = new byte[14];
        while (true)
        {
            await watch.ReadExactlyAsync(header.AsMemory(0, 2), ct).ConfigureAwait(false);
            var extra = (header[1] & 0x7F) switch { 126 => 2, 127 => 8, _ => 0 } + ((header[1] & 0x80) != 0 ? 4 : 0);
            await watch.ReadExactlyAsync(header.AsMemory(2, extra), ct).ConfigureAwait(false);
            var length = (header[1] & 0x7F) switch
            {
                126 => BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2)),
                127 => (long)BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(2)),
                var small => small,
            };

            // A text frame, whole and uncompressed, small enough to hold: the messages dotnet watch sends.
            var text = (header[0] & 0x0F) == 1 && (header[0] & 0xC0) == 0x80 && (header[1] & 0x80) == 0 && length <= MaxHeldFrameBytes;
            if (!text)
            {
                await page.WriteAsync(header.AsMemory(0, 2 + extra), ct).ConfigureAwait(false);
                await CopyExactlyAsync(watch, page, length, ct).ConfigureAwait(false);
                continue;
            }

            var payload = new byte[length];
            await watch.ReadExactlyAsync(payload, ct).ConfigureAwait(false);
            if (payload.AsSpan().IndexOf(StaticFileMessage) >= 0)
            {
                await shipped(ct).ConfigureAwait(false);
            }

            await page.WriteAsync(header.AsMemory(0, 2 + extra), ct).ConfigureAwait(false);
            await page.WriteAsync(payload, ct).ConfigureAwait(false);
        }
    }

    private static async Task CopyExactlyAsync(Stream from, Stream to, long count, CancellationToken ct)
    {
        var buffer = new byte[Math.Min(count, 64 * 1024)];
        while (count > 0)
        {
            var read = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), ct).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("dotnet watch's refresh server closed the connection.");
            }

            await to.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
            count -= read;
        }
    }

    /// <summary>An HTTP head, up to and with its empty line (a WebSocket handshake: nothing follows it until the answer).</summary>
    private static async Task<byte[]> ReadHeadAsync(Stream stream, CancellationToken ct)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < MaxHeadBytes)
        {
            if (await stream.ReadAsync(one, ct).ConfigureAwait(false) == 0)
            {
                throw new IOException("The connection closed during the WebSocket handshake.");
            }

            head.Add(one[0]);
            if (head.Count >= 4 && head[^4] == HeadEnd[0] && head[^3] == HeadEnd[1] && head[^2] == HeadEnd[2] && head[^1] == HeadEnd[3])
            {
                return [.. head];
            }
        }

        throw new InvalidDataException($"A WebSocket handshake longer than {MaxHeadBytes} bytes.");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _accepting.ConfigureAwait(false);
        _stop.Dispose();
    }
}
