using System.Net;
using System.Net.Sockets;

namespace DotnetLive.Testing;

internal static class Ports
{
    // Below Linux's ephemeral range (32768–60999): a port the OS hands out for `bind(0)` — a synclet's,
    // a client's — can never be one of these, so it cannot take an app's port between picking and use.
    private const int First = 20000;
    private const int Last = 32000;
    private const int Tries = 1000;

    private static readonly HashSet<int> Given = [];

    /// <summary>A loopback port free right now on IPv4 and IPv6 (as `localhost` binds both), never given twice in a run.</summary>
    public static int Free()
    {
        lock (Given)
        {
            for (var i = 0; i < Tries; i++)
            {
                var port = Random.Shared.Next(First, Last);
                if (Given.Add(port) && IsFree(IPAddress.Loopback, port) && IsFree(IPAddress.IPv6Loopback, port))
                {
                    return port;
                }
            }

            throw new InvalidOperationException($"No free loopback port in {First}–{Last} after {Tries} tries ({Given.Count} given out in this run).");
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
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported)
        {
            return true; // No such loopback here (IPv6 off): nothing can hold the port on it.
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
