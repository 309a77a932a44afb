using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Wire;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Targets.Docker;

/// <summary>
/// The app in a Docker container, through the Engine API. The container runs the synclet as its
/// entrypoint; every update goes to it over a port published on 127.0.0.1 only: no image build, no
/// registry, no container restart. The container outlives the tool and is reused by the next session
/// (`dotnet live down` removes it); one that died is recreated and resynced.
/// </summary>
internal sealed class DockerTarget : ILiveTarget
{
    private static readonly TimeSpan SyncletStartTimeout = TimeSpan.FromSeconds(60);
    private readonly ProjectModel _project;
    private readonly LaunchProfile _profile;
    private readonly IReporter _reporter;
    private readonly string _statePath;
    private readonly string _image;
    private readonly string _containerName;
    private readonly IReadOnlyList<PortMapping> _ports;
    private readonly Lazy<string> _configuration;
    private DockerClient? _docker;
    private DockerState? _state;
    private int _syncletPort;

    public DockerTarget(ProjectModel project, LaunchProfile profile, IReporter reporter)
    {
        _project = project;
        _profile = profile;
        _reporter = reporter;
        _statePath = Path.Combine(Path.GetDirectoryName(project.SessionPath)!, DockerState.FileName);
        var id = DockerLabels.ProjectId(project.ProjectPath);
        var name = new string(project.Name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        _image = $"dotnet-live/{name}-{id}:dev";
        _containerName = $"dotnet-live-{name}-{id}";
        _ports = PortMapping.For(project, profile);
        _configuration = new Lazy<string>(ConfigurationDigest);
        AppUrls = _ports.Select(p => new Uri($"http://localhost:{p.Host}/")).ToList();
    }

    public string Name => "docker";

    public IReadOnlyList<Uri> AppUrls { get; }


    public string BaseImage => _project.BaseImage;

    public SyncletEndpoint Endpoint => _state is { } state
        ? new SyncletEndpoint("127.0.0.1", _syncletPort, state.Token)
        : throw new InvalidOperationException("No container has been started.");

    public Task ReplicasChanged { get; } = new TaskCompletionSource().Task;

    public async Task<IReadOnlyList<Replica>> ConnectAsync(Action<AppEvent, string?> onEvent, CancellationToken ct)
    {
        _docker ??= await DockerEngine.ConnectAsync(ct).ConfigureAwait(false);
        _state ??= DockerState.Read(_statePath);
        if (_state is { } known && await RunningPortAsync(known.ContainerId, ct).ConfigureAwait(false) is { } port)
        {
            _syncletPort = port;
            _reporter.Info(Messages.ContainerReused, _containerName, known.ContainerId[..12]);
        }
        else
        {
            _state = await CreateContainerAsync(ct).ConfigureAwait(false);
            _state.Write(_statePath);
        }

        return [new Replica(_containerName, await ConnectSyncletAsync(e => onEvent(e, null), ct).ConfigureAwait(false))];
    }

    /// <summary>
    /// A digest of everything the container is made from. A container made otherwise (another base
    /// image, ports, launch environment, or an upgraded synclet speaking another protocol) is not reused.
    /// </summary>
    private string ConfigurationDigest()
    {
        var text = new StringBuilder()
            .AppendLine(BaseImage)
            .AppendLine(_project.TargetFileName)
            .AppendLine(ProtocolLimits.Version.ToString(CultureInfo.InvariantCulture))
            .AppendLine(_project.BuildsInCluster ? "build in cluster" : "build local")
            .AppendLine(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(ToolLayout.SyncletAssembly))));
        foreach (var port in _ports)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{port.Host}:{port.Container}");
        }

        foreach (var (name, value) in _profile.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append('=').AppendLine(value);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    /// <summary>The synclet's host port if the container runs as configured now; a dead or outdated one is reported and removed.</summary>
    private async Task<int?> RunningPortAsync(string containerId, CancellationToken ct)
    {
        ContainerInspectResponse container;
        try
        {
            container = await _docker!.Containers.InspectContainerAsync(containerId, ct).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }

        if (!container.State.Running)
        {
            if (container.State.Status is "exited" or "dead")
            {
                _reporter.Error(Messages.ContainerDied, container.Name.TrimStart('/'), container.State.ExitCode, await LastLogLinesAsync(containerId, ct).ConfigureAwait(false));
            }

            await RemoveQuietlyAsync(containerId).ConfigureAwait(false);
            return null;
        }

        if (container.Config.Labels is null || !container.Config.Labels.TryGetValue(DockerLabels.Configuration, out var made) || made != _configuration.Value)
        {
            _reporter.Info(Messages.ContainerOutdated, container.Name.TrimStart('/'));
            await RemoveQuietlyAsync(containerId).ConfigureAwait(false);
            return null;
        }

        return SyncletHostPort(container);
    }

    private async Task<DockerState> CreateContainerAsync(CancellationToken ct)
    {
        await DevImage.BuildAsync(_docker!, BaseImage, _image, DockerLabels.For(_project.ProjectPath), _reporter, ct).ConfigureAwait(false);
        await RemoveQuietlyAsync(_containerName).ConfigureAwait(false);

        var token = SessionToken.Create();
        var arguments = new List<string> { "--entry", _project.TargetFileName };
        if (_project.BuildsInCluster)
        {
            arguments.AddRange(["--source-root", BuildContext.SourceRoot]);
        }

        var bindings = new Dictionary<string, IList<PortBinding>> { [$"{BuildContext.SyncletPort}/tcp"] = [new PortBinding { HostIP = "127.0.0.1", HostPort = "" }] };
        foreach (var port in _ports)
        {
            bindings[$"{port.Container}/tcp"] = [new PortBinding { HostIP = "127.0.0.1", HostPort = port.Host.ToString(CultureInfo.InvariantCulture) }];
        }

        if (_project.IsWeb)
        {
            arguments.AddRange(["--ready-url", $"http://127.0.0.1:{PortMapping.AspNetCorePort}/"]);
        }

        var environment = _profile.AppEnvironment();
        environment.Remove("ASPNETCORE_URLS"); // The container listens on ASPNETCORE_HTTP_PORTS (8080), published on the profile's port.
        environment[SessionToken.EnvironmentVariable] = token;

        CreateContainerResponse created;
        try
        {
            created = await _docker!.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Name = _containerName,
                Image = _image,
                Cmd = arguments,
                Env = environment.Select(e => $"{e.Key}={e.Value}").ToList(),
                Labels = new Dictionary<string, string>(DockerLabels.For(_project.ProjectPath)) { [DockerLabels.Configuration] = _configuration.Value },
                ExposedPorts = bindings.Keys.ToDictionary(k => k, _ => new EmptyStruct()),
                HostConfig = new HostConfig
                {
                    PortBindings = bindings,

                    // The engine's init is PID 1 and reaps what the app and builds leave behind (the
                    // synclet reaps only its own children); no privileges can be gained, none are kept,
                    // and the logs cannot fill the host's disk.
                    Init = true,
                    SecurityOpt = ["no-new-privileges:true"],
                    CapDrop = ["ALL"],
                    LogConfig = new LogConfig { Type = "json-file", Config = new Dictionary<string, string> { ["max-size"] = "10m", ["max-file"] = "3" } },
                },
            }, ct).ConfigureAwait(false);
            await _docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), ct).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            await RemoveQuietlyAsync(_containerName).ConfigureAwait(false);
            throw new LiveException(Messages.ContainerFailed, _containerName, e.ResponseBody.Trim(), string.Join(", ", _ports.Select(p => p.Host)));
        }

        var container = await _docker.Containers.InspectContainerAsync(created.ID, ct).ConfigureAwait(false);
        _syncletPort = SyncletHostPort(container);
        _reporter.Info(Messages.ContainerStarted, _containerName, created.ID[..12]);
        return new DockerState(created.ID, token);
    }

    /// <summary>The published port accepts before the synclet listens, so retry the handshake until it answers.</summary>
    private async Task<SyncletClient> ConnectSyncletAsync(Action<AppEvent> onEvent, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await SyncletClient.ConnectTcpAsync("127.0.0.1", _syncletPort, _state!.Token, "dotnet-live", onEvent, ct, _project.BuildsInCluster ? Stores.Source : null).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or ProtocolException)
            {
                if (deadline.Elapsed > SyncletStartTimeout || await RunningPortAsync(_state!.ContainerId, ct).ConfigureAwait(false) is null)
                {
                    throw new LiveException(Messages.SyncletUnreachable, _containerName, SyncletStartTimeout.TotalSeconds, await LastLogLinesAsync(_state!.ContainerId, ct).ConfigureAwait(false));
                }

                await Task.Delay(100, ct).ConfigureAwait(false);
            }
        }
    }

    private static int SyncletHostPort(ContainerInspectResponse container) =>
        int.Parse(container.NetworkSettings.Ports[$"{BuildContext.SyncletPort}/tcp"][0].HostPort, CultureInfo.InvariantCulture);

    private async Task<string> LastLogLinesAsync(string containerId, CancellationToken ct)
    {
        try
        {
            using var logs = await _docker!.Containers.GetContainerLogsAsync(containerId, false, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = "20" }, ct).ConfigureAwait(false);
            var (stdout, stderr) = await logs.ReadOutputToEndAsync(ct).ConfigureAwait(false);
            return string.Concat((stdout + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "\n    " + l));
        }
        catch (DockerApiException)
        {
            return " (none)";
        }
    }

    private async Task RemoveQuietlyAsync(string container)
    {
        try
        {
            await _docker!.Containers.RemoveContainerAsync(container, new ContainerRemoveParameters { Force = true }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            // Already gone.
        }
    }

    public ValueTask DisposeAsync()
    {
        _docker?.Dispose();
        return ValueTask.CompletedTask;
    }
}
