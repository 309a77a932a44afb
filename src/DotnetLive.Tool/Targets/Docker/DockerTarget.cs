using System.Globalization;
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
/// (`dotnet live down` removes it); one that died is recreated and resynced. Its image is made the way
/// the project describes it (<see cref="ImageRecipe"/>); when a Compose file has a service built from
/// the project, the container takes that service's place (<see cref="ComposeFile"/>).
/// </summary>
internal sealed class DockerTarget : ILiveTarget
{
    /// <summary>How long a container's removal under way elsewhere is waited for.</summary>
    private static readonly TimeSpan RemovalWait = TimeSpan.FromSeconds(10);

    private readonly ProjectModel _project;
    private readonly LaunchProfile _profile;
    private readonly IReporter _reporter;
    private readonly string _statePath;
    private readonly string _image;
    private readonly string _containerName;
    private readonly IReadOnlyList<PortMapping> _ports;
    private readonly ComposeService? _compose;
    private readonly DockerNetworks _networks;
    private readonly SessionNetwork? _sessionNetwork;
    private readonly Lazy<ImageRecipe> _recipe;
    private readonly Lazy<string> _configuration;
    private readonly TelemetryRoute _telemetry;
    private DockerClient? _docker;
    private DockerState? _state;
    private int _syncletPort;

    /// <param name="telemetry">The app's OpenTelemetry, named as the service, and where the synclet's relay of it goes.</param>
    /// <param name="network">A session of several services: the network they share, with this one's alias.</param>
    public DockerTarget(ProjectModel project, LaunchProfile profile, IReporter reporter, TelemetryRoute telemetry, SessionNetwork? network = null)
    {
        _telemetry = telemetry;
        _project = project;
        _profile = profile;
        _reporter = reporter;
        _statePath = Path.Combine(project.SessionDirectory, DockerState.FileName);
        var id = DockerLabels.ProjectId(project.ProjectPath);
        var name = new string(project.Name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        _image = $"dotnet-live/{name}-{id}:dev";
        _containerName = $"dotnet-live-{name}-{id}";
        _compose = ComposeFile.Find(project);
        _networks = new DockerNetworks(project, _compose, _containerName, name, network, reporter);
        _sessionNetwork = network;
        _ports = project.LivePorts.Length == 0 && _compose is { Ports.Count: > 0 } ? _compose.Ports : PortMapping.For(project, profile);
        _recipe = new Lazy<ImageRecipe>(() => ImageRecipe.For(project));
        _configuration = new Lazy<string>(ConfigurationDigest);
        AppUrls = _ports.Select(p => new Uri($"http://localhost:{p.Host}/")).ToList();
    }

    public string Name => "docker";

    /// <summary>
    /// Where the other containers of a session of several services reach this one's app: its alias on
    /// the session's network, at the port the app listens on in the container (as the launch profile's
    /// environment or <c>LivePorts</c> say; else 8080, the official images' port).
    /// </summary>
    public static IReadOnlyList<Uri> PeerUrls(ProjectModel project, LaunchProfile profile, string alias)
    {
        var port = PortMapping.For(project, profile) is [{ Container: not PortMapping.AppPortPlaceholder } first, ..]
            ? first.Container
            : PortMapping.AppPort(ContainerEnvironment.Of(profile, compose: null).Select(e => $"{e.Key}={e.Value}"));
        return [new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{alias}:{port}"))];
    }

    public IReadOnlyList<Uri> AppUrls { get; }


    public SyncletEndpoint Endpoint => _state is { } state
        ? new SyncletEndpoint("127.0.0.1", _syncletPort, state.Token)
        : throw new InvalidOperationException("No container has been started.");

    public Task ReplicasChanged { get; } = new TaskCompletionSource().Task;

    public async Task<IReadOnlyList<Replica>> ConnectAsync(Action<AppEvent, string?> onEvent, CancellationToken ct)
    {
        try
        {
            return await ConnectOrStartAsync(onEvent, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or System.Net.Sockets.SocketException && _docker is not null)
        {
            // The engine went away (restarted, stopped): a new client pings it again and says so plainly,
            // and the session retries as for a lost synclet.
            _docker?.Dispose();
            _docker = null;
            throw new LiveException(Messages.DockerUnreachable, DockerEngine.Address, e.Message);
        }
    }

    private async Task<IReadOnlyList<Replica>> ConnectOrStartAsync(Action<AppEvent, string?> onEvent, CancellationToken ct)
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
    /// image or Dockerfile stage, ports, launch or Compose environment, networks, or an upgraded synclet
    /// speaking another protocol) is not reused. Not <see cref="DevImageTag.For"/>: the image here is
    /// tagged :dev and made again with each new container, so this label, which also covers how the
    /// container runs, is what tells an outdated one.
    /// </summary>
    private string ConfigurationDigest() => DevImageTag.Of(
    [
        _recipe.Value.Digest,
        _project.ContainerSettings.Network,
        _sessionNetwork is { } shared ? $"{shared.Alias}@{shared.Name}" : "",
        _project.TargetFileName,
        DevImageTag.Protocol,
        _project.BuildsInCluster ? "build in cluster" : "build local",
        "telemetry as " + _telemetry.Service,
        DevImageTag.Synclet(),
        .. _ports.Select(port => string.Create(CultureInfo.InvariantCulture, $"{port.Host}:{port.Container}")),
        .. _profile.Environment.Concat(_compose?.Environment ?? new Dictionary<string, string>()).OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"),
        .. (_compose?.Networks ?? []).Select(network => $"{_compose!.Name}@{network.Name}"),
    ]);

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
        var imageEnvironment = await DevImage.BuildAsync(_docker!, _recipe.Value, _image, DockerLabels.For(_project.ProjectPath), _reporter, ct).ConfigureAwait(false);
        await RemoveQuietlyAsync(_containerName).ConfigureAwait(false);

        var token = SessionToken.Create();
        List<string> arguments = ["--entry", _project.TargetFileName, .. _telemetry.SyncletArguments(perReplica: false)];
        if (_project.BuildsInCluster)
        {
            arguments.AddRange(["--source-root", BuildContext.SourceRoot]);
        }

        var environment = ContainerEnvironment.Of(_profile, _compose);

        // The port the app listens on in the container, as its image and Compose environment say.
        var appPort = PortMapping.AppPort(imageEnvironment.Concat(environment.Select(e => $"{e.Key}={e.Value}")));
        var bindings = new Dictionary<string, IList<PortBinding>> { [$"{BuildContext.SyncletPort}/tcp"] = [new PortBinding { HostIP = "127.0.0.1", HostPort = "" }] };
        foreach (var port in _ports.Select(p => p.Container == PortMapping.AppPortPlaceholder ? p with { Container = appPort } : p))
        {
            bindings[$"{port.Container}/tcp"] = [new PortBinding { HostIP = "127.0.0.1", HostPort = port.Host.ToString(CultureInfo.InvariantCulture) }];
        }

        if (_project.IsWeb)
        {
            arguments.AddRange(["--ready-url", $"http://127.0.0.1:{appPort}/"]);
        }

        CreateContainerResponse created;
        try
        {
            var networks = await _networks.EnsureAsync(_docker!, ct).ConfigureAwait(false);
            created = await _docker!.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Name = _containerName,
                Image = _image,
                Cmd = arguments,
                Env = environment.Select(e => $"{e.Key}={e.Value}").ToList(),
                Labels = new Dictionary<string, string>(DockerLabels.For(_project.ProjectPath)) { [DockerLabels.Configuration] = _configuration.Value },
                ExposedPorts = bindings.Keys.ToDictionary(k => k, _ => new EmptyStruct()),
                NetworkingConfig = networks.Count == 0 ? null : new NetworkingConfig { EndpointsConfig = new Dictionary<string, EndpointSettings> { [networks[0].Name] = new() { Aliases = networks[0].Aliases } } },
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
            // The token goes in as a file before the synclet starts (it deletes it once read): never in the
            // container's environment, which `docker inspect` and the app (/proc/1/environ) show.
            using (var secret = TokenArchive(token))
            {
                await _docker.Containers.ExtractArchiveToContainerAsync(created.ID, new ContainerPathStatParameters { Path = BuildContext.TokenFolder }, secret, ct).ConfigureAwait(false);
            }

            foreach (var (network, aliases) in networks.Skip(1))
            {
                await _docker.Networks.ConnectNetworkAsync(network, new NetworkConnectParameters { Container = created.ID, EndpointConfig = new EndpointSettings { Aliases = aliases } }, ct).ConfigureAwait(false);
            }

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

    /// <summary>The token file, readable by whoever can enter its folder (the image's user: the folder is theirs, 0700).</summary>
    private static MemoryStream TokenArchive(string token)
    {
        var archive = new MemoryStream();
        using (var tar = new System.Formats.Tar.TarWriter(archive, System.Formats.Tar.TarEntryFormat.Pax, leaveOpen: true))
        {
            tar.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, BuildContext.TokenFileName)
            {
                Mode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(token)),
            });
        }

        archive.Position = 0;
        return archive;
    }

    /// <summary>The published port accepts before the synclet listens: the handshake is retried while the container runs.</summary>
    private Task<SyncletClient> ConnectSyncletAsync(Action<AppEvent> onEvent, CancellationToken ct) =>
        SyncletConnector.ConnectAsync(SyncletConnector.Tcp("127.0.0.1", _syncletPort), _state!.Token, _project.SyncletStore, onEvent, _telemetry.Forward, async (_, elapsed) =>
        {
            if (elapsed > SyncletConnector.StartTimeout || await RunningPortAsync(_state!.ContainerId, ct).ConfigureAwait(false) is null)
            {
                throw new LiveException(Messages.SyncletUnreachable, _containerName, SyncletConnector.StartTimeout.TotalSeconds, await LastLogLinesAsync(_state!.ContainerId, ct).ConfigureAwait(false));
            }
        }, TimeSpan.FromMilliseconds(100), ct);

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

    /// <summary>Removes a container, running or not; one already gone, or going, is fine.</summary>
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
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Its removal is under way already (`dotnet live down` in another terminal): its name is free
            // once it is gone. Should it outlast the wait, the new one cannot be made, and that is retried.
            using var wait = new CancellationTokenSource(RemovalWait);
            try
            {
                while (true)
                {
                    await _docker!.Containers.InspectContainerAsync(container, wait.Token).ConfigureAwait(false);
                    await Task.Delay(TimeSpan.FromMilliseconds(100), wait.Token).ConfigureAwait(false);
                }
            }
            catch (DockerContainerNotFoundException)
            {
                // Gone.
            }
            catch (OperationCanceledException) when (wait.IsCancellationRequested)
            {
                // Still there: see above.
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _docker?.Dispose();
        return ValueTask.CompletedTask;
    }
}
