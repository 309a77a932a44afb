using System.Reflection;
using System.Runtime.InteropServices;
using DotnetLive.Protocol.Client;
using DotnetLive.Tool.Build;
using DotnetLive.Tool.HotReload;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.Targets.Docker;
using DotnetLive.Tool.Targets.Kubernetes;
using DotnetLive.Tool.UI;
using DotnetLive.Tool.UI.Hud;
using McMaster.Extensions.CommandLineUtils;
using IReporter = DotnetLive.Tool.UI.IReporter;

namespace DotnetLive.Tool.Cli;

/// <summary>Parses the command line and runs a command; maps every failure to a message and an exit code.</summary>
internal static class LiveCommand
{
    public static int Run(string[] args)
    {
        var app = new CommandLineApplication
        {
            Name = "dotnet live",
            Description = "Builds your app, runs it under a synclet, and on every save ships only the changed binaries into the running app.",
        };
        app.HelpOption("-h|--help");
        app.VersionOption("--version", typeof(LiveCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?");
        var project = app.Option("-p|--project <PATH>", "The project file, or a folder holding exactly one. Default: the current folder.", CommandOptionType.SingleValue);
        var target = app.Option("-t|--target <TARGET>", "Where the app runs: local, docker or kubernetes. Default: the project's LiveTarget property, else local.", CommandOptionType.SingleValue);
        var configuration = app.Option("-c|--configuration <CONFIGURATION>", "The build configuration. Default: Debug.", CommandOptionType.SingleValue);
        var profile = app.Option("--launch-profile <NAME>", "The launch profile in Properties/launchSettings.json. Default: the first \"Project\" profile.", CommandOptionType.SingleValue);
        var properties = app.Option("--property <PROPERTY>", "Sets an MSBuild property for the session as NAME=VALUE, e.g. --property LiveBaseImage=myregistry/aspnet:10.0. Repeatable.", CommandOptionType.MultipleValue);
        var context = app.Option("--context <CONTEXT>", "kubernetes: the kubeconfig context. Default: the project's LiveContext property, else the current context.", CommandOptionType.SingleValue);
        var kubeNamespace = app.Option("-n|--namespace <NAMESPACE>", "kubernetes: the namespace. Default: the project's LiveNamespace property, else the context's, else default.", CommandOptionType.SingleValue);
        var network = app.Option("--network <NETWORK>", "docker: an existing Docker network the container joins too, named there after the project (or its Compose service). Default: the project's LiveDockerNetwork property.", CommandOptionType.SingleValue);
        var buildIn = app.Option("--build-in <WHERE>", "local: build on this machine and ship binaries (the default); cluster: ship the edited sources and build next to the app, in an SDK image (docker and kubernetes targets). Default: the project's LiveBuildIn property.", CommandOptionType.SingleValue);
        var verbose = app.Option("-v|--verbose", "Show the synclet's and the app's lifecycle, and stack traces of unexpected errors.", CommandOptionType.NoValue);
        var noHotReload = app.Option("--no-hot-reload", "Rebuild and restart the app on every edit, instead of applying edits in place with .NET Hot Reload (the default in Debug).", CommandOptionType.NoValue);
        var noHud = app.Option("--no-hud", "Plain timestamped lines instead of the full-screen display (also when output is redirected or CI is set).", CommandOptionType.NoValue);
        var json = app.Option("--json", "One JSON object per line on stdout for each event (build, update, app state, crash, log line, pods), and nothing else there; see the README for the fields.", CommandOptionType.NoValue);

        app.OnExecute(() =>
        {
            var sessionProperties = ParseProperties(properties.Values);
            if (context.HasValue())
            {
                sessionProperties["LiveContext"] = context.Value()!;
            }

            if (buildIn.HasValue())
            {
                sessionProperties["LiveBuildIn"] = buildIn.Value()!;
            }

            if (kubeNamespace.HasValue())
            {
                sessionProperties["LiveNamespace"] = kubeNamespace.Value()!;
            }

            if (network.HasValue())
            {
                sessionProperties["LiveDockerNetwork"] = network.Value()!;
            }

            var options = new LiveOptions(project.Value(), target.Value(), configuration.Value() ?? "Debug", profile.Value(), sessionProperties, verbose.HasValue(), noHud.HasValue() || json.HasValue(), noHotReload.HasValue());
            return ExecuteAsync(options.Verbose, json.HasValue(), async (reporter, ct) =>
            {
                var projectPath = ProjectLocator.Find(options.Project, Environment.CurrentDirectory);
                var dotnet = MsBuildRegistration.Register(Path.GetDirectoryName(projectPath)!);
                var hud = UseHud(options) ? new HudReporter(options.Verbose) : null;
                await LiveSession.RunAsync(options, projectPath, dotnet, reporter, hud, ct).ConfigureAwait(false);
            });
        });

        app.Command("down", down =>
        {
            down.Description = "Deletes the Kubernetes objects dotnet live applied for the project, and removes the containers and dev images it created in Docker (found by their labels).";
            down.HelpOption("-h|--help");
            var downProject = down.Option("-p|--project <PATH>", "The project file, or a folder holding exactly one. Default: the current folder.", CommandOptionType.SingleValue);
            down.OnExecute(() => ExecuteAsync(verbose: false, json: false, async (reporter, ct) =>
            {
                var projectPath = ProjectLocator.Find(downProject.Value(), Environment.CurrentDirectory);
                var kubernetes = File.Exists(KubernetesDown.StatePath(projectPath));
                if (kubernetes)
                {
                    await KubernetesDown.RunAsync(projectPath, reporter, ct).ConfigureAwait(false);
                }

                // Docker is only needed when it was used: a kubernetes-only project can be cleaned up without an engine.
                if (!kubernetes || File.Exists(DockerDown.StatePath(projectPath)))
                {
                    await DockerDown.RunAsync(projectPath, reporter, ct).ConfigureAwait(false);
                }
            }));
        });

        app.Command("relay", relay =>
        {
            // Run by `dotnet watch` (through the injected run targets) in a Hot Reload session, not by people.
            relay.ShowInHelpText = false;
            relay.Description = "Ships a build to the session's synclet and tunnels the Hot Reload agent (started by dotnet watch in a dotnet live session).";
            var session = relay.Option("--session <PATH>", "The session file.", CommandOptionType.SingleValue).IsRequired();
            var output = relay.Option("--output <PATH>", "The build output folder.", CommandOptionType.SingleValue).IsRequired();
            var environment = relay.Option("--environment <PATH>", "The agent's environment, NAME=VALUE lines.", CommandOptionType.SingleValue).IsRequired();
            relay.OnExecute(async () =>
            {
                var exitCode = 0;
                var status = await ExecuteAsync(verbose: false, json: false, async (_, stop) =>
                    exitCode = await HotReloadRelay.RunAsync(session.Value()!, output.Value()!, environment.Value()!, stop).ConfigureAwait(false)).ConfigureAwait(false);
                return status == ExitCodes.Success ? exitCode : status;
            });
        });

        try
        {
            return app.Execute(args);
        }
        catch (CommandParsingException e)
        {
            new PlainReporter(Console.Out, Console.Error, verbose: false).Error(Messages.BadOption, e.Message);
            return ExitCodes.UserInput;
        }
    }

    /// <summary>The display needs a terminal: not when output is redirected (logs, tests), CI is set, or --no-hud is given.</summary>
    private static bool UseHud(LiveOptions options) =>
        !options.NoHud && !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    private static Dictionary<string, string> ParseProperties(IEnumerable<string?> values)
    {
        var parsed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values)
        {
            var equals = value?.IndexOf('=', StringComparison.Ordinal) ?? -1;
            if (equals <= 0)
            {
                throw new CommandParsingException(null, $"--property needs NAME=VALUE, not '{value}'.");
            }

            parsed[value![..equals]] = value[(equals + 1)..];
        }

        return parsed;
    }

    /// <summary>Runs a command until it ends or Ctrl+C / SIGTERM; expected failures print one message, never a stack trace.</summary>
    /// <param name="json">Report as JSON lines on stdout (<see cref="JsonReporter"/>), errors included, instead of plain lines.</param>
    private static async Task<int> ExecuteAsync(bool verbose, bool json, Func<IReporter, CancellationToken, Task> command)
    {
        IReporter reporter = json ? new JsonReporter(Console.Out, verbose) : new PlainReporter(Console.Out, Console.Error, verbose);
        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (!stop.IsCancellationRequested)
            {
                reporter.Info(Messages.Stopping);
                stop.Cancel();
            }
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        try
        {
            await command(reporter, stop.Token).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }
        catch (LiveException e)
        {
            reporter.Error(e.Message);
            return e.ExitCode;
        }
        catch (SyncletRefusedException e)
        {
            reporter.Error(Messages.ConnectionRefused, $"{e.Error.Code}: {e.Error.Message}");
            return ExitCodes.Synclet;
        }
#pragma warning disable CA1031 // The last line of defence: an unexpected failure is reported, not thrown at the user.
        catch (Exception e)
#pragma warning restore CA1031
        {
            reporter.Error(verbose ? e.ToString() : $"{e.Message} (run with --verbose for details)");
            return ExitCodes.Unexpected;
        }
    }
}
