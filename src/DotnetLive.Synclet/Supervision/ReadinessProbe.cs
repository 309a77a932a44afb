using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DotnetLive.Synclet.Supervision;

/// <summary>
/// Waits until a URL answers. Speaks just enough HTTP/1.1 over a socket to see a status line (any
/// status): the app listens and its pipeline runs. HttpClient would do the same at the cost of
/// ~15 MB of resident memory in a process that should stay small. For https only the TCP connect is
/// checked, so the probe never has to trust the development certificate.
/// </summary>
internal sealed class ReadinessProbe(Uri url)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);
    private const int Http2FrameHeader = 9;
    private const byte Http2Settings = 0x4;
    private const byte Http2GoAway = 0x7;

    /// <summary>True once the URL answers; false if <paramref name="stillRunning"/> turns false or the token fires.</summary>
    public async Task<bool> WaitAsync(Func<bool> stillRunning, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested && stillRunning())
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
            attempt.CancelAfter(AttemptTimeout);
            try
            {
                if (await AnswersAsync(attempt.Token).ConfigureAwait(false))
                {
                    return true;
                }
            }
            catch (Exception e) when (e is SocketException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                // Not listening yet, or this attempt timed out.
            }

            try
            {
                await Task.Delay(Interval, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return false;
    }

    private async Task<bool> AnswersAsync(CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(url.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(url.IdnHost, ct).ConfigureAwait(false);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(addresses, url.Port, ct).ConfigureAwait(false);
        if (url.Scheme != Uri.UriSchemeHttp)
        {
            return true;
        }

        var request = Encoding.ASCII.GetBytes($"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nConnection: close\r\n\r\n");
        await socket.SendAsync(request, SocketFlags.None, ct).ConfigureAwait(false);
        var answer = new byte[16];
        var read = await ReceiveAsync(socket, answer, 0, 5, ct).ConfigureAwait(false);
        if (read < 5)
        {
            return false;
        }

        if (Encoding.ASCII.GetString(answer, 0, 5) == "HTTP/")
        {
            return true;
        }

        // A server that speaks only HTTP/2 without TLS (gRPC's, in Development) answers an HTTP/1.1
        // request with its own frames, SETTINGS then GOAWAY: it listens, and its pipeline runs.
        return await ReceiveAsync(socket, answer, read, Http2FrameHeader, ct).ConfigureAwait(false) >= Http2FrameHeader && answer[3] is Http2Settings or Http2GoAway;
    }

    /// <summary>Reads into <paramref name="answer"/>, which holds <paramref name="read"/> bytes, until it holds <paramref name="count"/>; returns how many it holds (fewer: the peer closed).</summary>
    private static async Task<int> ReceiveAsync(Socket socket, byte[] answer, int read, int count, CancellationToken ct)
    {
        while (read < count)
        {
            var n = await socket.ReceiveAsync(answer.AsMemory(read, count - read), SocketFlags.None, ct).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read;
    }
}
