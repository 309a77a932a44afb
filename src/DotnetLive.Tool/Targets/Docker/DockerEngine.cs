using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Docker.DotNet;
using Docker.DotNet.X509;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Targets.Docker;

/// <summary>
/// The Docker Engine API client: DOCKER_HOST when set, else the default Unix socket. No docker CLI.
/// With DOCKER_TLS_VERIFY, as the docker CLI: TLS to the engine, whose certificate must chain to
/// DOCKER_CERT_PATH's ca.pem and name its host, with that folder's cert.pem and key.pem as this client's.
/// </summary>
internal static class DockerEngine
{
    public static Uri Address =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? new Uri(host) : new Uri("unix:///var/run/docker.sock");

    /// <summary>True when the engine is reached over TCP without TLS: what is sent to it (a registry's credentials) can be read on the way.</summary>
    public static bool IsPlainTcp => Address.Scheme is "tcp" or "http" && !UsesTls;

    private static bool UsesTls => Environment.GetEnvironmentVariable("DOCKER_TLS_VERIFY") is { Length: > 0 };

    /// <summary>A client whose engine answered a ping; otherwise one clear message (DLIVE3001, DLIVE3012).</summary>
    public static async Task<DockerClient> ConnectAsync(CancellationToken ct)
    {
        var address = Address;
        if (address.Scheme == "unix" && !File.Exists(address.AbsolutePath))
        {
            throw new LiveException(Messages.DockerUnreachable, address, $"no socket at {address.AbsolutePath}");
        }

        var client = (UsesTls && address.Scheme is "tcp" or "https"
            ? new DockerClientConfiguration(address, TlsCredentials(address.Host), TimeSpan.FromSeconds(10))
            : new DockerClientConfiguration(address, defaultTimeout: TimeSpan.FromSeconds(10))).CreateClient();
        try
        {
            await client.System.PingAsync(ct).ConfigureAwait(false);
            return client;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException or DockerApiException or System.Net.Sockets.SocketException or AuthenticationException
            || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            client.Dispose();
            throw new LiveException(Messages.DockerUnreachable, address, Innermost(e).Message);
        }
    }

    /// <summary>This client's certificate, and a check of the engine's against the folder's CA alone (not this machine's store) and its host name.</summary>
    private static CertificateCredentials TlsCredentials(string host)
    {
        var folder = Environment.GetEnvironmentVariable("DOCKER_CERT_PATH") is { Length: > 0 } given
            ? given
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        X509Certificate2 authority;
        X509Certificate2 client;
        try
        {
            authority = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(folder, "ca.pem"));
            client = X509Certificate2.CreateFromPemFile(Path.Combine(folder, "cert.pem"), Path.Combine(folder, "key.pem"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new LiveException(Messages.DockerTlsFiles, folder, e.Message);
        }

        return new CertificateCredentials(client)
        {
            ServerCertificateValidationCallback = (_, certificate, _, errors) => Trusted(certificate, errors, authority, host),
        };
    }

    private static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2 authority, string host)
    {
        // The chain is built again against the CA; the name is checked here too (the handler may not know the host).
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var engine = new X509Certificate2(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(engine) && engine.MatchesHostname(host);
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
