using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace DotnetLive.Testing;

/// <summary>
/// This machine's Docker engine, reached over TCP on loopback as a remote engine would be: plain, or
/// with TLS as dockerd's --tlsverify serves it (its certificate from a CA of its own, a client
/// certificate from the same CA required). Each byte is passed on to the engine's Unix socket; what the
/// clients sent is kept, to tell what crossed the wire.
/// </summary>
internal sealed class EngineProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly MemoryStream _sent = new();
    private readonly EngineCertificates? _tls;
    private readonly Task _accepting;
    private int _tlsConnections;

    private EngineProxy(EngineCertificates? tls)
    {
        _tls = tls;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Address => new($"tcp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>Connections whose TLS handshake succeeded, with a client certificate from the CA.</summary>
    public int TlsConnections => Volatile.Read(ref _tlsConnections);

    /// <summary>Everything the clients sent, as text (after TLS).</summary>
    public string Sent
    {
        get
        {
            lock (_sent)
            {
                return Encoding.Latin1.GetString(_sent.ToArray());
            }
        }
    }

    public static EngineProxy Plain() => new(null);

    public static EngineProxy WithTls(EngineCertificates certificates) => new(certificates);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = Task.Run(() => ServeAsync(client));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                if (_tls is { } tls)
                {
                    var ssl = new SslStream(stream, false, (_, certificate, _, _) => certificate is not null && tls.Issued(certificate));
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = tls.Server, ClientCertificateRequired = true }, _stop.Token);
                    Interlocked.Increment(ref _tlsConnections);
                    stream = ssl;
                }

                using var engine = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await engine.ConnectAsync(new UnixDomainSocketEndPoint("/var/run/docker.sock"), _stop.Token);
                await using var engineStream = new NetworkStream(engine);
                var up = CopyAsync(stream, engineStream, record: true);
                var down = CopyAsync(engineStream, stream, record: false);
                await Task.WhenAny(up, down);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
            {
                // The client or the engine hung up, or the handshake was refused.
            }
        }
    }

    private async Task CopyAsync(Stream from, Stream to, bool record)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            if (record)
            {
                lock (_sent)
                {
                    _sent.Write(buffer, 0, read);
                }
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }
}

/// <summary>A CA of its own, the engine's certificate for 127.0.0.1 and a client's, written as DOCKER_CERT_PATH holds them (ca.pem, cert.pem, key.pem).</summary>
internal sealed class EngineCertificates : IDisposable
{
    private readonly X509Certificate2 _authority;

    public EngineCertificates(string clientFolder)
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=dotnet-live test engine CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        _authority = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));

        Server = Issue("CN=127.0.0.1", "1.3.6.1.5.5.7.3.1", server: true, out _);
        using var client = Issue("CN=dotnet-live test client", "1.3.6.1.5.5.7.3.2", server: false, out var clientKey);
        Directory.CreateDirectory(clientFolder);
        File.WriteAllText(Path.Combine(clientFolder, "ca.pem"), _authority.ExportCertificatePem());
        File.WriteAllText(Path.Combine(clientFolder, "cert.pem"), client.ExportCertificatePem());
        File.WriteAllText(Path.Combine(clientFolder, "key.pem"), clientKey);
    }

    public X509Certificate2 Server { get; }

    /// <summary>Whether the CA issued <paramref name="certificate"/>.</summary>
    public bool Issued(X509Certificate certificate)
    {
        using var presented = new X509Certificate2(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(presented);
    }

    public void Dispose()
    {
        Server.Dispose();
        _authority.Dispose();
    }

    private X509Certificate2 Issue(string subject, string usage, bool server, out string keyPem)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        using var issued = request.Create(_authority, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(8));
        keyPem = key.ExportPkcs8PrivateKeyPem();

        // Through PKCS#12, so the key is one SslStream can use as a server's on every platform.
        return X509CertificateLoader.LoadPkcs12(issued.CopyWithPrivateKey(key).Export(X509ContentType.Pkcs12), null);
    }
}
