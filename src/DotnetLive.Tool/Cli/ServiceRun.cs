using System.Threading.Channels;
using DotnetLive.Protocol.Messages;
using DotnetLive.Tool.Build;
using DotnetLive.Tool.FileWatching;
using DotnetLive.Tool.HotReload;
using DotnetLive.Tool.Loop;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.Targets;
using DotnetLive.Tool.Targets.Docker;
using DotnetLive.Tool.Targets.Kubernetes;
using DotnetLive.Tool.Targets.Local;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Cli;

/// <summary>
/// One service of a session, from its evaluation to its loop: the project restored and evaluated, its
/// target chosen, then (<see cref="Start"/>) its target, watcher and loop. Owns its workspaces.
/// </summary>
internal sealed class ServiceRun : IAsyncDisposable
{
    private readonly LiveOptions _options;
    private readonly string _dotnet;
    private readonly MsBuildWorkspace _workspace;
    private readonly MsBuildWorkspace? _restartWorkspace;
    private readonly ProjectWatcher _watcher = new();
    private SessionPublisher? _session;
    private ILiveTarget? _target;

    private ServiceRun(SessionService service, LiveOptions options, string dotnet, MsBuildWorkspace workspace, MsBuildWorkspace? restartWorkspace, ProjectModel project, string targetName, bool hotReload, LaunchProfile profile)
    {
        Service = service;
        _options = options;
        _dotnet = dotnet;
        _workspace = workspace;
        _restartWorkspace = restartWorkspace;
        Project = project;
        TargetName = targetName;
        HotReload = hotReload;
        Profile = profile;
    }

    public SessionService Service { get; }

    public ProjectModel Project { get; }

    public string TargetName { get; }

    public bool HotReload { get; }

    /// <summary>The launch profile, with what the session adds to it (the other services' addresses).</summary>
    public LaunchProfile Profile { get; private set; }

    public IReadOnlyList<Uri> AppUrls => _target?.AppUrls ?? [];

    public Channel<LoopCommand> Commands { get; } = Channel.CreateUnbounded<LoopCommand>();

    /// <summary>Evaluates, checks and restores the project, and chooses its target.</summary>
    /// <param name="plain">Plain lines: restore errors must be seen before any display runs.</param>
    public static async Task<ServiceRun> PrepareAsync(LiveOptions options, SessionService service, string dotnet, IReporter plain, CancellationToken ct)
    {
        // With Hot Reload, dotnet watch builds the app; the tool's own builds (the files that follow the
        // hot-reloaded code) go elsewhere, so the two never write the same folders.
        var hotReload = UseHotReload(options, plain);
        var properties = new Dictionary<string, string>(options.Properties, StringComparer.OrdinalIgnoreCase);
        if (hotReload)
        {
            foreach (var (name, value) in FollowScheduler.Properties)
            {
                properties[name] = value;
            }
        }

        var workspace = new MsBuildWorkspace(service.ProjectPath, ToolLayout.TasksTargets, options.Configuration, properties);
        MsBuildWorkspace? restartWorkspace = null;
        try
        {
            // Evaluating first turns a broken or non-app project into its own clear message, before restore says less.
            var evaluated = workspace.Evaluate();
            var targetName = ChooseTarget(options.Target, evaluated.LiveTarget);
            plain.Info(Messages.Starting, service.ProjectPath, targetName);
            if (evaluated.LiveBuildIn is not ("" or "local") && !evaluated.BuildsInCluster)
            {
                throw new LiveException(Messages.BadOption, $"LiveBuildIn (--build-in) is 'local' or 'cluster', not '{evaluated.LiveBuildIn}'.");
            }

            if (evaluated.BuildsInCluster && targetName == "local")
            {
                throw new LiveException(Messages.BuildInClusterTarget, targetName);
            }

            if (hotReload && targetName == "kubernetes")
            {
                // The agent protocol joins one engine to one app process; pods are several and come and go.
                plain.Info(Messages.HotReloadNotOnKubernetes);
                hotReload = false;
            }

            if (hotReload && evaluated.BuildsInCluster)
            {
                plain.Info(Messages.HotReloadNotInCluster);
                hotReload = false;
            }

            var restore = await workspace.RestoreAsync(ct).ConfigureAwait(false);
            if (!restore.Succeeded)
            {
                plain.BuildFailed(restore.Errors, Path.GetDirectoryName(service.ProjectPath)!);
                throw new LiveException(Messages.RestoreFailed);
            }

            var project = workspace.Evaluate();

            // With Hot Reload, the tool restarts the app from a build of its own into dotnet watch's folders
            // (an edit Hot Reload cannot apply): the next dotnet watch session finds its build done and joins the app.
            restartWorkspace = hotReload ? new MsBuildWorkspace(service.ProjectPath, ToolLayout.TasksTargets, options.Configuration, options.Properties) : null;
            var profile = LaunchSettingsReader.Read(project.ProjectDirectory, options.LaunchProfile);
            return new ServiceRun(service, options, dotnet, workspace, restartWorkspace, project, targetName, hotReload, profile);
        }
        catch
        {
            restartWorkspace?.Dispose();
            workspace.Dispose();
            throw;
        }
    }

    /// <summary>Where the other services reach this one on its target (none for a worker).</summary>
    public IReadOnlyList<Uri> PeerUrls() => !Project.IsWeb ? [] : TargetName switch
    {
        "docker" => DockerTarget.PeerUrls(Project, Profile, Service.Name),
        "kubernetes" => Workload.PeerUrls(Project),
        _ => LocalTarget.UrlsOf(Project, Profile),
    };

    /// <summary>Adds variables to the app's environment (those the launch profile sets itself win).</summary>
    public void AddEnvironment(IReadOnlyDictionary<string, string> variables)
    {
        var environment = new Dictionary<string, string>(Profile.Environment, StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            environment.TryAdd(name, value);
        }

        Profile = Profile with { Environment = environment };
    }

    /// <summary>Makes the target (nothing starts yet); a session of several services on docker shares <paramref name="network"/>.</summary>
    /// <param name="others">The session's other services: on kubernetes, their Deployments in shared manifests are theirs.</param>
    /// <param name="telemetry">Where the app's OpenTelemetry goes from a container or pod (the dashboard); null: nowhere.</param>
    public void CreateTarget(SessionNetwork? network, IEnumerable<ServiceRun> others, Action<TelemetryExport>? telemetry, IReporter reporter)
    {
        _session = new SessionPublisher(Project.SessionPath);
        _target = TargetName switch
        {
            "docker" => new DockerTarget(Project, Profile, reporter, new TelemetryRoute(Service.Name, telemetry), network is null ? null : network with { Alias = Service.Name }),
            "kubernetes" => new KubernetesTarget(Project, Profile, reporter, new TelemetryRoute(Service.Name, telemetry), [.. others.Select(o => o.Project.Kubernetes.ImageName)]),
            _ => new LocalTarget(Project, Profile, _dotnet, reporter),
        };
    }

    /// <summary>Runs the service's loop until the session ends.</summary>
    /// <param name="several">One of several services: their dotnet watch sessions start one at a time.</param>
    public async Task RunAsync(IReporter reporter, bool several, CancellationToken ct)
    {
        var target = _target ?? throw new InvalidOperationException("CreateTarget first.");
        if (!HotReload)
        {
            await new LiveLoop(_workspace, _watcher, target, _session!, Commands.Reader, reporter).RunAsync(Project, ct).ConfigureAwait(false);
            return;
        }

        var restartProject = _restartWorkspace!.Evaluate();
        try
        {
            var restarts = new HotReloadRestarts(_restartWorkspace, restartProject, _watcher, reporter);
            await new HotReloadLoop(_workspace, Project, restarts, _options.Properties, _dotnet, target, _session!, _watcher, Commands.Reader, reporter) { StartsTakeTurns = several }.RunAsync(ct).ConfigureAwait(false);
        }
        catch (LiveException e) when (e.Descriptor == Messages.WatchLimit)
        {
            // The machine cannot give dotnet watch its watchers: this service goes on building and
            // restarting, from the folders dotnet watch built into (the restart workspace's).
            reporter.Error(e.Message);
            reporter.Info(Messages.HotReloadGivenUp, Service.Name);
            await new LiveLoop(_restartWorkspace, _watcher, target, _session!, Commands.Reader, reporter).RunAsync(restartProject, ct).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_target is not null)
        {
            await _target.DisposeAsync().ConfigureAwait(false);
        }

        _session?.Dispose();
        _watcher.Dispose();
        _restartWorkspace?.Dispose();
        _workspace.Dispose();
    }

    /// <summary>Hot Reload unless --no-hot-reload is given; it needs a Debug build (the runtime applies deltas only to unoptimized code).</summary>
    private static bool UseHotReload(LiveOptions options, IReporter reporter)
    {
        if (options.NoHotReload)
        {
            return false;
        }

        if (string.Equals(options.Target, "kubernetes", StringComparison.OrdinalIgnoreCase))
        {
            reporter.Info(Messages.HotReloadNotOnKubernetes);
            return false;
        }

        if (options.Properties.TryGetValue("LiveBuildIn", out var buildIn) && string.Equals(buildIn, "cluster", StringComparison.OrdinalIgnoreCase))
        {
            reporter.Info(Messages.HotReloadNotInCluster);
            return false;
        }

        if (!string.Equals(options.Configuration, "Debug", StringComparison.OrdinalIgnoreCase))
        {
            reporter.Info(Messages.HotReloadOff, options.Configuration);
            return false;
        }

        return true;
    }

    /// <summary>The --target option, else the project's LiveTarget property, else local; the one place a target is chosen.</summary>
    private static string ChooseTarget(string? option, string property)
    {
        var name = (option ?? (property.Length > 0 ? property : "local")).ToLowerInvariant();
        return name is "local" or "docker" or "kubernetes" ? name : throw new LiveException(Messages.UnknownTarget, name);
    }
}
