using Docker.DotNet;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Targets.Docker;

/// <summary>The Docker Engine API client: DOCKER_HOST when set, else the default Unix socket. No docker CLI.</summary>
internal static class DockerEngine
{
    public static Uri Address =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? new Uri(host) : new Uri("unix:///var/run/docker.sock");

    /// <summary>A client whose engine answered a ping; otherwise one clear message (DLIVE3001).</summary>
    public static async Task<DockerClient> ConnectAsync(CancellationToken ct)
    {
        var address = Address;
        if (address.Scheme == "unix" && !File.Exists(address.AbsolutePath))
        {
            throw new LiveException(Messages.DockerUnreachable, address, $"no socket at {address.AbsolutePath}");
        }

        var client = new DockerClientConfiguration(address, defaultTimeout: TimeSpan.FromSeconds(10)).CreateClient();
        try
        {
            await client.System.PingAsync(ct).ConfigureAwait(false);
            return client;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException or DockerApiException or System.Net.Sockets.SocketException
            || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            client.Dispose();
            throw new LiveException(Messages.DockerUnreachable, address, Innermost(e).Message);
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
