using DotnetLive.Protocol.Processes;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.HotReload;

/// <summary>
/// One `dotnet watch` of the project, the Hot Reload engine of the user's own SDK, run with the tool's
/// targets and relay in its environment. It is recorded in a pid file, so that one a killed tool left
/// behind is stopped by the next session.
/// </summary>
internal sealed class WatchProcess : IDisposable
{
    /// <summary>How long a dotnet watch a killed tool left behind has to end on SIGTERM before its tree is killed.</summary>
    private static readonly TimeSpan LeftoverGrace = TimeSpan.FromSeconds(5);

    private readonly ChildProcess _process;
    private readonly PidFile _pidFile;

    private WatchProcess(ChildProcess process, PidFile pidFile)
    {
        _process = process;
        _pidFile = pidFile;
    }

    public int ExitCode => _process.ExitCode;

    /// <param name="properties">The user's MSBuild properties, for every build dotnet watch makes.</param>
    /// <param name="refreshProxy">Where the relay points the app's browser refresh (null: nowhere).</param>
    /// <param name="onLine">Each line it prints, stdout and stderr alike.</param>
    public static WatchProcess Start(ProjectModel project, string dotnet, IReadOnlyDictionary<string, string> properties, Uri? refreshProxy, Action<string> onLine, IReporter reporter)
    {
        var environment = new Dictionary<string, string>
        {
            // Read as MSBuild properties by every build and `dotnet run` dotnet watch starts (see DotnetLive.Tasks.targets).
            ["CustomAfterMicrosoftCommonTargets"] = ToolLayout.TasksTargets,
            ["DotnetLiveHotReload"] = "true",
            ["DotnetLiveRelay"] = ToolLayout.ToolAssembly,
            ["DotnetLiveHost"] = dotnet,

            // A rude edit is rebuilt by dotnet watch's own `dotnet build`: with the compiler server, as the
            // tool's builds are, whatever the environment says (CI machines often turn it off).
            ["UseSharedCompilation"] = "true",

            // Its builds leave no MSBuild node behind once the session is over (the tool builds the app's edits itself).
            ["MSBUILDDISABLENODEREUSE"] = "1",

            // The lines are read by WatchLine: keep them in English, and restart on a rude edit without asking.
            ["DOTNET_CLI_UI_LANGUAGE"] = "en",
            ["DOTNET_WATCH_RESTART_ON_RUDE_EDIT"] = "true",
            ["DOTNET_WATCH_SUPPRESS_EMOJIS"] = "1",
        };
        if (refreshProxy is { } proxy)
        {
            environment[HotReloadRelay.RefreshProxyVariable] = proxy.ToString().TrimEnd('/');
        }

        var process = ChildProcess.Start(new ProcessSpec(dotnet, ["watch", "--non-interactive", "--project", project.ProjectPath, .. properties.Select(p => $"--property:{p.Key}={p.Value}")])
        {
            WorkingDirectory = project.ProjectDirectory,
            Environment = environment,

            // A pipe of its own, never written: the terminal's keys are the HUD's.
            Input = ChildInput.Open,
            OnOutput = (_, line) => onLine(line),
            OnError = (_, line) => onLine(line),

            // It ignores Ctrl+C while it builds, and a rebuild or relaunch it would still make only competes
            // with the tool's: its whole tree (its builds, the relay) is killed at once. The app is the
            // synclet's and goes on running; the tunnel closing ends nothing but that engine session.
            GracePeriod = TimeSpan.Zero,
        });
        reporter.Verbose($"dotnet watch started (pid {process.Id})");
        var pidFile = PidFileOf(project);
        pidFile.Record(process);
        return new WatchProcess(process, pidFile);
    }

    /// <summary>Stops the dotnet watch a killed tool left running (SIGTERM, a grace period, then its tree killed).</summary>
    public static Task StopLeftoverAsync(ProjectModel project, IReporter reporter) =>
        PidFileOf(project).StopLeftoverAsync(LeftoverGrace, pid => reporter.Verbose($"stopping the dotnet watch (pid {pid}) a previous session left running"));

    /// <summary>Until it exits and its output has been read.</summary>
    public Task WaitForExitAsync(CancellationToken ct) => _process.WaitForExitAsync(ct);

    /// <summary>Kills its tree at once (before this returns); the task is its exit, once the tree is reaped.</summary>
    public Task StopAsync()
    {
        _pidFile.Delete();
        return _process.StopAsync();
    }

    public void Dispose() => _process.Dispose();

    private static PidFile PidFileOf(ProjectModel project) => new(Path.Combine(Path.GetDirectoryName(project.SessionPath)!, "watch.pid"));
}
