using System.Threading.Channels;
using DotnetLive.Protocol.Messages;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Dashboard;

/// <summary>
/// The Aspire dashboard of a session: started beside the session's restore and evaluation (the
/// package located, or restored the first time; the resource server; the dashboard process), fed by a
/// <see cref="DashboardReporter"/> per service, and stopped with the session. It never stops the
/// session: a dashboard that cannot start is one warning.
/// </summary>
internal sealed class SessionDashboard : IAsyncDisposable
{
    private readonly SessionResources _resources;
    private readonly DashboardSecrets _secrets = DashboardSecrets.Create();
    private readonly Task<Started?> _starting;
    private readonly bool _verbose;

    private SessionDashboard(string applicationName, Func<CancellationToken, Task<string>> locate, IReporter reporter, bool verbose, CancellationToken ct)
    {
        _resources = new SessionResources(applicationName);
        _verbose = verbose;
        _starting = Task.Run(() => StartAsync(locate, reporter, ct), ct);
    }

    /// <summary>Starts it in the background.</summary>
    /// <param name="projectDirectory">Where the package is restored from (the first service's folder, with its NuGet settings).</param>
    /// <param name="reporter">Told where the dashboard is, or why there is none.</param>
    public static SessionDashboard Start(string applicationName, string projectDirectory, string dotnet, IReporter reporter, bool verbose, CancellationToken ct) =>
        new(applicationName, c => DashboardPackage.LocateAsync(projectDirectory, dotnet, c), reporter, verbose, ct);

    /// <summary>The dashboard's login page once it runs, else null.</summary>
    public Uri? LoginUrl => _starting.IsCompletedSuccessfully ? _starting.Result?.Process.LoginUrl : null;

    /// <summary>Waits (at most <paramref name="limit"/>: a first restore may take longer, and the apps do not wait for it) until it runs.</summary>
    public async Task<bool> WaitAsync(TimeSpan limit, CancellationToken ct)
    {
        try
        {
            await _starting.WaitAsync(limit, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Still starting: the apps go on without it.
        }

        return LoginUrl is not null;
    }

    /// <summary>
    /// The variables that send an app's OpenTelemetry to the dashboard (the usual OpenTelemetry
    /// packages read them), named as the service; none when the dashboard does not run, and none that
    /// the developer's own environment sets (their collector wins). Short export intervals, as Aspire
    /// sets them in development, so that a request shows within a second or two.
    /// </summary>
    public IReadOnlyDictionary<string, string> Telemetry(string service)
    {
        if (!_starting.IsCompletedSuccessfully || _starting.Result is not { } started)
        {
            return new Dictionary<string, string>();
        }

        var variables = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = started.Process.OtlpGrpc!.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
            ["OTEL_EXPORTER_OTLP_HEADERS"] = "x-otlp-api-key=" + _secrets.OtlpApiKey,
            ["OTEL_SERVICE_NAME"] = service,
            ["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id=" + service,
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "1000",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "1000",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
        };
        return variables.Where(v => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v.Key))).ToDictionary();
    }

    /// <summary>
    /// Sends an export a synclet relayed (an app in a container or pod) to the dashboard; dropped while
    /// the dashboard is not running (yet, or at all), as an OTLP endpoint that does not answer would.
    /// </summary>
    public void Forward(TelemetryExport export)
    {
        if (_starting.IsCompletedSuccessfully && _starting.Result is { } started)
        {
            started.Telemetry.Post(export);
        }
    }

    /// <summary>Adds the service's resource; what the returned reporter is told shows there.</summary>
    public IReporter Join(string service, string projectPath, string target, bool isWeb, ChannelWriter<LoopCommand> commands)
    {
        _resources.Add(ResourceView.Service(service, projectPath, target, DateTimeOffset.Now), commands);
        return new DashboardReporter(_resources, service, isWeb, _verbose);
    }

    /// <summary>Where the service's app answers, once its target knows.</summary>
    public void Describe(string service, IReadOnlyList<Uri> urls) => _resources.Update(service, r => r with { Urls = urls });

    public async ValueTask DisposeAsync()
    {
        Started? started;
        try
        {
            started = await _starting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (started is not null)
        {
            await started.Telemetry.DisposeAsync().ConfigureAwait(false);
            await started.Process.DisposeAsync().ConfigureAwait(false);
            await started.Server.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<Started?> StartAsync(Func<CancellationToken, Task<string>> locate, IReporter reporter, CancellationToken ct)
    {
        ResourceServer? server = null;
        Started? started = null;
        try
        {
            var executable = await locate(ct).ConfigureAwait(false);
            server = await ResourceServer.StartAsync(_resources, _secrets.ResourceServiceApiKey, _verbose ? reporter.Verbose : null, ct).ConfigureAwait(false);
            var process = await DashboardProcess.StartAsync(executable, server.Url, _secrets, _verbose ? reporter.Verbose : null, ct).ConfigureAwait(false);
            started = new Started(server, process, new TelemetryForwarder(process.OtlpHttp!, _secrets.OtlpApiKey, _verbose ? reporter.Verbose : null));
            reporter.Info(Messages.DashboardAt, started.Process.LoginUrl);
        }
        catch (LiveException e)
        {
            reporter.Error(e.Message);
        }
#pragma warning disable CA1031 // The dashboard is an extra: whatever keeps it from starting is reported, and the session goes on.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            reporter.Error(Messages.DashboardFailed, e.Message);
        }
        finally
        {
            if (started is null && server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }

        return started;
    }

    private sealed record Started(ResourceServer Server, DashboardProcess Process, TelemetryForwarder Telemetry);
}
