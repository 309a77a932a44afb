using System.Net;
using System.Net.Sockets;
using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Wire;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Targets.Local;

/// <summary>
/// The default target: the synclet runs as a local process over an app directory under obj/, on a
/// loopback port with a per-session token. Nothing but the SDK is needed.
/// </summary>
internal sealed class LocalTarget : ILiveTarget
{
    private readonly string _dotnet;
    private readonly List<string> _arguments;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly IReporter _reporter;

    /// <summary>A fresh secret for every synclet process: a token that leaked from an earlier one (a core dump, a log) opens nothing.</summary>
    private string _token = SessionToken.Create();
    private SyncletProcess? _synclet;
    private System.Net.IPEndPoint? _endpoint;

    public LocalTarget(ProjectModel project, LaunchProfile profile, string dotnet, IReporter reporter)
    {
        _dotnet = dotnet;
        _reporter = reporter;
        AppUrls = UrlsOf(project, profile);
        _arguments =
        [
            "--root", Path.Combine(Path.GetDirectoryName(project.ManifestPath)!, "local"),
            "--entry", project.TargetFileName,
            "--exit-when-stdin-closes",
        ];

        var environment = profile.AppEnvironment();
        if (project.IsWeb)
        {
            environment["ASPNETCORE_URLS"] = string.Join(';', AppUrls.Select(u => u.GetLeftPart(UriPartial.Authority)));
            _arguments.AddRange(["--ready-url", ReadyUrl(AppUrls).ToString()]);
        }

        // In the synclet's environment, which the app inherits; never on a command line other users can read.
        _environment = environment;
    }

    public string Name => "local";

    /// <summary>Where the app listens: the launch profile's URLs, else (a web app) ASP.NET Core's default.</summary>
    public static IReadOnlyList<Uri> UrlsOf(ProjectModel project, LaunchProfile profile) =>
        profile.Urls.Count > 0 || !project.IsWeb ? profile.Urls : [new Uri("http://localhost:5000")];

    public IReadOnlyList<Uri> AppUrls { get; }

    public SyncletEndpoint Endpoint => _endpoint is { } endpoint
        ? new SyncletEndpoint(endpoint.Address.ToString(), endpoint.Port, _token)
        : throw new InvalidOperationException("The synclet has not been started.");

    public Task ReplicasChanged { get; } = new TaskCompletionSource().Task;

    public async Task<IReadOnlyList<Replica>> ConnectAsync(Action<AppEvent, string?> onEvent, CancellationToken ct)
    {
        if (_synclet is null || _synclet.HasExited || _endpoint is null)
        {
            if (_synclet is null)
            {
                EnsurePortsFree();
            }
            else
            {
                await _synclet.DisposeAsync().ConfigureAwait(false);
                _reporter.Info(Messages.Restarted);
                _token = SessionToken.Create();
            }

            (_synclet, _endpoint) = await SyncletProcess.StartAsync(_dotnet, _arguments, _environment, _token, _reporter, ct).ConfigureAwait(false);
            _reporter.Verbose($"synclet pid {_synclet.Id} on {_endpoint}");
        }

        return [new Replica(Name, await SyncletClient.ConnectTcpAsync(_endpoint.Address.ToString(), _endpoint.Port, _token, SyncletConnector.ClientName, StoreKind.App, e => onEvent(e, null), ct).ConfigureAwait(false))];
    }

    /// <summary>A port another process holds would only show up as the app's crash; say it plainly before starting.</summary>
    private void EnsurePortsFree()
    {
        foreach (var url in AppUrls.Where(u => u.IsLoopback))
        {
            using var listener = new TcpListener(IPAddress.Loopback, url.Port);
            try
            {
                listener.Start();
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                throw new LiveException(Messages.PortTaken, url.Port, url);
            }
            finally
            {
                listener.Stop();
            }
        }
    }

    /// <summary>Plain HTTP when the app offers it: the probe need not trust the development certificate.</summary>
    private static Uri ReadyUrl(IReadOnlyList<Uri> urls) =>
        urls.FirstOrDefault(u => u.Scheme == Uri.UriSchemeHttp) ?? urls[0];

    public async ValueTask DisposeAsync()
    {
        if (_synclet is not null)
        {
            await _synclet.DisposeAsync().ConfigureAwait(false);
        }
    }
}
