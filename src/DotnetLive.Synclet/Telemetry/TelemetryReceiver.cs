using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Wire;
using DotnetLive.Synclet.Supervision;

namespace DotnetLive.Synclet.Telemetry;

/// <summary>
/// An OTLP/HTTP receiver on the container's loopback (nothing outside the container or pod reaches it),
/// where the app's OpenTelemetry goes with no setting in the app (<see cref="AppEnvironment"/>). Each
/// export is handed, unchanged, to the clients that asked for telemetry in their hello, over their
/// authenticated connection; with none, it is answered and dropped. One request is read at a time and
/// a body is at most <see cref="ProtocolLimits.MaxTelemetryBytes"/>, so an app that exports a lot costs
/// a bounded amount of memory: what a client cannot keep up with is dropped (<see cref="Fanout{T}"/>).
/// </summary>
internal sealed class TelemetryReceiver : IDisposable
{
    /// <summary>The exports a slow client may be behind by before the oldest are dropped.</summary>
    public const int BufferedExportsPerClient = 8;

    private const string Protobuf = "application/x-protobuf";
    private readonly HttpListener _listener;
    private readonly TelemetryOptions _options;

    private TelemetryReceiver(HttpListener listener, int port, TelemetryOptions options)
    {
        _listener = listener;
        _options = options;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The exports, for the connections that asked for them.</summary>
    public Fanout<TelemetryExport> Exports { get; } = new(BufferedExportsPerClient);

    /// <summary>Listens on a free loopback port (a port taken between looking and listening is looked for again).</summary>
    public static TelemetryReceiver Start(TelemetryOptions options)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var listener = new HttpListener { IgnoreWriteExceptions = true };
            listener.Prefixes.Add(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
            try
            {
                listener.Start();
                return new TelemetryReceiver(listener, port, options);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    /// <summary>
    /// The variables the usual OpenTelemetry packages read, sending the app's telemetry here over
    /// OTLP/HTTP, named as the service and, on kubernetes, as the pod. None that the container's own
    /// environment or the synclet's <c>--env</c> sets: an endpoint of the developer's own (a collector)
    /// wins, and then so does its protocol. Short export intervals, so that a request shows at once.
    /// </summary>
    public IReadOnlyDictionary<string, string> AppEnvironment(IReadOnlyDictionary<string, string> given)
    {
        bool Given(string name) => given.ContainsKey(name) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name));
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Given("OTEL_EXPORTER_OTLP_ENDPOINT"))
        {
            // The protocol goes with the endpoint: this receiver speaks only OTLP/HTTP.
            variables["OTEL_EXPORTER_OTLP_ENDPOINT"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}");
            variables["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        }

        void Default(string name, string value)
        {
            if (!Given(name))
            {
                variables[name] = value;
            }
        }

        Default("OTEL_SERVICE_NAME", _options.Service);
        Default("OTEL_RESOURCE_ATTRIBUTES", "service.instance.id=" + (_options.PerReplica ? Environment.MachineName : _options.Service));
        Default("OTEL_BLRP_SCHEDULE_DELAY", "1000");
        Default("OTEL_BSP_SCHEDULE_DELAY", "1000");
        Default("OTEL_METRIC_EXPORT_INTERVAL", "1000");
        return variables;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        using var stop = ct.Register(_listener.Stop);
        while (!ct.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                if (ct.IsCancellationRequested)
                {
                    return;
                }

                // Not a busy loop should the listener keep failing.
                await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            try
            {
                context.Response.StatusCode = await ReceiveAsync(context.Request, ct).ConfigureAwait(false);
                if (context.Response.StatusCode == 200)
                {
                    // An empty Export…ServiceResponse: everything was accepted.
                    context.Response.ContentType = Protobuf;
                }
            }
            catch (Exception e) when (e is IOException or HttpListenerException or OperationCanceledException)
            {
                // The app went away mid-request.
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    /// <summary>Reads one export and publishes it; returns the HTTP status the app is answered.</summary>
    private async Task<int> ReceiveAsync(HttpListenerRequest request, CancellationToken ct)
    {
        if (TelemetryExport.SignalOf(request.Url?.AbsolutePath ?? "") is not { } signal)
        {
            return 404;
        }

        if (request.HttpMethod != "POST")
        {
            return 405;
        }

        // Protobuf, not compressed: what the dashboard takes, and what the .NET exporter sends by default.
        if (request.ContentType?.Split(';')[0].Trim() != Protobuf || request.Headers["Content-Encoding"] is { Length: > 0 } and not "identity")
        {
            return 415;
        }

        // A body over the limit is read to its end, and dropped, so that the app is told why (413), not cut off.
        using var body = new MemoryStream();
        var buffer = new byte[64 * 1024];
        var tooLarge = request.ContentLength64 > ProtocolLimits.MaxTelemetryBytes;
        int read;
        while ((read = await request.InputStream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            tooLarge |= body.Length + read > ProtocolLimits.MaxTelemetryBytes;
            if (!tooLarge)
            {
                body.Write(buffer, 0, read);
            }
        }

        if (tooLarge)
        {
            return 413;
        }

        Exports.Publish(new TelemetryExport(signal, body.ToArray()));
        return 200;
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose() => _listener.Close();
}
