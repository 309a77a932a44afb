using System.Net;
using System.Net.Sockets;

namespace DotnetLive.Testing;

internal static class Ports
{
    /// <summary>A loopback port free right now (the OS picks it), for an app under test.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
