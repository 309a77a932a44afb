using DotnetLive.Protocol.Processes;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Dashboard;

/// <summary>
/// The Aspire dashboard, run standalone as a child of the tool: every endpoint on a free loopback port
/// (read back from its log), its browser page behind a token, its OTLP endpoints behind an API key,
/// and the session's resources from the tool's <see cref="ResourceServer"/>.
/// </summary>
internal sealed class DashboardProcess : IAsyncDisposable
{
    /// <summary>
    /// Outside Windows the dashboard runs under a shell that keeps the tool's end of a pipe (its stdin,
    /// moved to fd 3): when the pipe closes — the tool stops it, or the tool was killed — the shell
    /// stops the dashboard (SIGTERM); when the dashboard exits on its own, so does the shell, with its code.
    /// No dashboard outlives its session.
    /// </summary>
    private const string Guard = "exec 3<&0 0</dev/null; \"$0\" 3<&- & dashboard=$!; { read -r _ <&3; kill $dashboard 2>/dev/null; } & wait $dashboard";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly ChildProcess _process;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _lastLines = new();
    private readonly string _browserToken;

    private readonly Action<string>? _verbose;

    private DashboardProcess(string executable, Uri resourceService, DashboardSecrets secrets, Action<string>? verbose)
    {
        _verbose = verbose;
        _browserToken = secrets.BrowserToken;
        _process = ChildProcess.Start(new ProcessSpec(OperatingSystem.IsWindows() ? executable : "/bin/sh", OperatingSystem.IsWindows() ? [] : ["-c", Guard, executable])
        {
            WorkingDirectory = Path.GetDirectoryName(executable),
            Environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://127.0.0.1:0",
                ["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = "http://127.0.0.1:0",

                // Plain HTTP on loopback only; each endpoint asks for its own secret.
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
                ["Dashboard__Frontend__AuthMode"] = "BrowserToken",
                ["Dashboard__Frontend__BrowserToken"] = secrets.BrowserToken,
                ["Dashboard__Otlp__AuthMode"] = "ApiKey",
                ["Dashboard__Otlp__PrimaryApiKey"] = secrets.OtlpApiKey,
                ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = resourceService.ToString(),
                ["Dashboard__ResourceServiceClient__AuthMode"] = "ApiKey",
                ["Dashboard__ResourceServiceClient__ApiKey"] = secrets.ResourceServiceApiKey,
                ["Dashboard__Mcp__Disabled"] = "true",
                ["ASPIRE_DASHBOARD_AI_DISABLED"] = "true",
            },
            Input = OperatingSystem.IsWindows() ? ChildInput.Closed : ChildInput.Open,
            StopRequest = OperatingSystem.IsWindows() ? StopRequest.Sigterm : StopRequest.CloseInput,
            OnOutput = (_, line) => OnLine(line),
            OnError = (_, line) => OnLine(line),
            OnExited = process => _listening.TrySetException(new LiveException(Messages.DashboardFailed, $"it exited with code {process.ExitCode}{LastLines()}")),
            GracePeriod = TimeSpan.FromSeconds(5),
        });
    }

    /// <summary>The dashboard's pages.</summary>
    public Uri? Frontend { get; private set; }

    /// <summary>Where apps send telemetry over OTLP/gRPC.</summary>
    public Uri? OtlpGrpc { get; private set; }

    /// <summary>Where the tool sends, over OTLP/HTTP, what the synclets relay.</summary>
    public Uri? OtlpHttp { get; private set; }

    /// <summary>The page that logs the browser in with the token, then shows the resources.</summary>
    public Uri LoginUrl => new(Frontend!, "login?t=" + _browserToken);

    /// <exception cref="LiveException"><see cref="Messages.DashboardFailed"/>: it exited or did not listen in time.</exception>
    /// <param name="verbose">Given each line of the dashboard's own log (--verbose).</param>
    public static async Task<DashboardProcess> StartAsync(string executable, Uri resourceService, DashboardSecrets secrets, Action<string>? verbose, CancellationToken ct)
    {
        var dashboard = new DashboardProcess(executable, resourceService, secrets, verbose);
        try
        {
            await dashboard._listening.Task.WaitAsync(StartTimeout, ct).ConfigureAwait(false);
            return dashboard;
        }
        catch (TimeoutException)
        {
            await dashboard.DisposeAsync().ConfigureAwait(false);
            throw new LiveException(Messages.DashboardFailed, $"it did not listen within {StartTimeout.TotalSeconds} s{dashboard.LastLines()}");
        }
        catch
        {
            await dashboard.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>Reads the addresses it bound from its start-up lines ("Now listening on: …", "OTLP/gRPC listening on: …", "OTLP/HTTP listening on: …").</summary>
    private void OnLine(string line)
    {
        _verbose?.Invoke("dashboard: " + line);
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 10)
            {
                _lastLines.Dequeue();
            }
        }

        if (Address(line, "Now listening on: ") is { } frontend)
        {
            Frontend = frontend;
        }
        else if (Address(line, "OTLP/gRPC listening on: ") is { } otlp)
        {
            OtlpGrpc = otlp;
        }
        else if (Address(line, "OTLP/HTTP listening on: ") is { } otlpHttp)
        {
            OtlpHttp = otlpHttp;
        }

        if (Frontend is not null && OtlpGrpc is not null && OtlpHttp is not null)
        {
            _listening.TrySetResult();
        }
    }

    private static Uri? Address(string line, string prefix)
    {
        var at = line.IndexOf(prefix, StringComparison.Ordinal);
        return at >= 0 && Uri.TryCreate(line[(at + prefix.Length)..].Trim(), UriKind.Absolute, out var uri) ? uri : null;
    }

    private string LastLines()
    {
        lock (_lastLines)
        {
            return _lastLines.Count == 0 ? "" : ": " + string.Join(" / ", _lastLines.Select(l => l.Trim()).Where(l => l.Length > 0));
        }
    }
}
