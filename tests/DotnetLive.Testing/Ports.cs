using System.Net;
using System.Net.Sockets;

namespace DotnetLive.Testing;

internal static class Ports
{
    // Below Linux's ephemeral range (32768–60999): a port the OS hands out for `bind(0)` — a synclet's,
    // a client's — can never be one of these, so it cannot take an app's port between picking and use.
    private const int First = 20000;
    private const int Last = 32000;

    private static readonly HashSet<int> Given = [];

    /// <summary>A loopback port free right now on IPv4 and IPv6 (as `localhost` binds both), never given twice in a run.</summary>
    public static int Free()
    {
        lock (Given)
        {
            while (true)
            {
                var port = Random.Shared.Next(First, Last);
                if (Given.Add(port) && IsFree(IPAddress.Loopback, port) && (!Socket.OSSupportsIPv6 || IsFree(IPAddress.IPv6Loopback, port)))
                {
                    return port;
                }
            }
        }
    }

    private static bool IsFree(IPAddress address, int port)
    {
        var listener = new TcpListener(address, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }
}
