using System.Threading.Channels;
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
using DotnetLive.Tool.UI.Hud;

namespace DotnetLive.Tool.Cli;

/// <summary>
/// Sets up one session: restore, evaluate, pick the target, run the loop (under the HUD when there is
/// one). A separate type from <see cref="LiveCommand"/> so that no MSBuild type is loaded before
/// MSBuildLocator has registered the SDK.
/// </summary>
internal static class LiveSession
{
    /// <param name="plain">Plain lines: until the display runs (restore errors must be seen), and for the whole session without one.</param>
    /// <param name="hud">The heads-up display, when the terminal has one.</param>
    public static async Task RunAsync(LiveOptions options, string projectPath, string dotnet, IReporter plain, HudReporter? hud, CancellationToken ct)
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

        using var workspace = new MsBuildWorkspace(projectPath, ToolLayout.TasksTargets, options.Configuration, properties);

        // Evaluating first turns a broken or non-app project into its own clear message, before restore says less.
        var evaluated = workspace.Evaluate();
        var targetName = ChooseTarget(options.Target, evaluated.LiveTarget);
        plain.Info(Messages.Starting, projectPath, targetName);
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
            plain.BuildFailed(restore.Errors, Path.GetDirectoryName(projectPath)!);
            throw new LiveException(Messages.RestoreFailed);
        }

        IReporter reporter = (IReporter?)hud ?? plain;
        var project = workspace.Evaluate();

        // With Hot Reload, the tool restarts the app from a build of its own into dotnet watch's folders
        // (an edit Hot Reload cannot apply): the next dotnet watch session finds its build done and joins the app.
        using var restartWorkspace = hotReload ? new MsBuildWorkspace(projectPath, ToolLayout.TasksTargets, options.Configuration, options.Properties) : null;
        var restartProject = restartWorkspace?.Evaluate();
        var profile = LaunchSettingsReader.Read(project.ProjectDirectory, options.LaunchProfile);
        using var watcher = new ProjectWatcher();
        using var session = new SessionPublisher(project.SessionPath);
        await using ILiveTarget target = targetName switch
        {
            "docker" => new DockerTarget(project, profile, reporter),
            "kubernetes" => new KubernetesTarget(project, profile, reporter),
            _ => new LocalTarget(project, profile, dotnet, reporter),
        };
        var commands = Channel.CreateUnbounded<LoopCommand>();
        Func<CancellationToken, Task> run;
        if (hotReload)
        {
            var restarts = new HotReloadRestarts(restartWorkspace!, restartProject!, watcher, reporter);
            run = c => new HotReloadLoop(workspace, project, restarts, options.Properties, dotnet, target, session, watcher, commands.Reader, reporter).RunAsync(c);
        }
        else
        {
            var loop = new LiveLoop(workspace, watcher, target, session, commands.Reader, reporter);
            run = c => loop.RunAsync(project, c);
        }

        if (hud is null)
        {
            await run(ct).ConfigureAwait(false);
            return;
        }

        // q quits as Ctrl+C does; the display and the keys end with the session.
        using var quit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        hud.Describe(project.Name, targetName, target.AppUrls);
        var display = HudDisplay.RunAsync(hud, quit.Token);
        var keys = Console.IsInputRedirected ? Task.CompletedTask : KeyReader.RunAsync(commands.Writer, hud, quit.Cancel, quit.Token);
        try
        {
            await run(quit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (quit.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // The q key: a normal end.
        }
        finally
        {
            await quit.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(display, keys).ConfigureAwait(false);
        }
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
