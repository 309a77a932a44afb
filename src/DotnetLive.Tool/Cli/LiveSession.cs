using DotnetLive.Tool.Build;
using DotnetLive.Tool.FileWatching;
using DotnetLive.Tool.Loop;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.Targets;
using DotnetLive.Tool.Targets.Docker;
using DotnetLive.Tool.Targets.Local;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Cli;

/// <summary>
/// Sets up one session: restore, evaluate, pick the target, run the loop. A separate type from
/// <see cref="LiveCommand"/> so that no MSBuild type is loaded before MSBuildLocator has registered the SDK.
/// </summary>
internal static class LiveSession
{
    public static async Task RunAsync(LiveOptions options, string projectPath, string dotnet, IReporter reporter, CancellationToken ct)
    {
        using var workspace = new MsBuildWorkspace(projectPath, ToolLayout.TasksTargets, options.Configuration, options.Properties);

        // Evaluating first turns a broken or non-app project into its own clear message, before restore says less.
        var targetName = ChooseTarget(options.Target, workspace.Evaluate().LiveTarget);
        reporter.Info(Messages.Starting, projectPath, targetName);
        var restore = await workspace.RestoreAsync(ct).ConfigureAwait(false);
        if (!restore.Succeeded)
        {
            reporter.BuildFailed(restore.Errors, Path.GetDirectoryName(projectPath)!);
            throw new LiveException(Messages.RestoreFailed);
        }

        var project = workspace.Evaluate();
        var profile = LaunchSettingsReader.Read(project.ProjectDirectory, options.LaunchProfile);
        using var watcher = new ProjectWatcher();
        using var session = new SessionPublisher(project.SessionPath);
        await using ILiveTarget target = targetName == "docker"
            ? new DockerTarget(project, profile, reporter)
            : new LocalTarget(project, profile, dotnet, reporter);
        await new LiveLoop(workspace, watcher, target, session, reporter).RunAsync(project, ct).ConfigureAwait(false);
    }

    /// <summary>The --target option, else the project's LiveTarget property, else local; the one place a target is chosen.</summary>
    private static string ChooseTarget(string? option, string property)
    {
        var name = (option ?? (property.Length > 0 ? property : "local")).ToLowerInvariant();
        return name is "local" or "docker" ? name : throw new LiveException(Messages.UnknownTarget, name);
    }
}
