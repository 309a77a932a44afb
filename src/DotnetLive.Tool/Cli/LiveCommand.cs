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
        var project = app.Option("-p|--project <PATH>", "The project file, or a folder holding exactly one; or a solution (.sln, .slnx), whose app projects run as the services of one session. Repeatable: several projects are several services. Default: the current folder (its project, else its solution).", CommandOptionType.MultipleValue);
        var only = app.Option("--only <SERVICES>", "Of a solution's services, run these (comma-separated names, e.g. --only api,worker). Default: all.", CommandOptionType.SingleValue);
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
        var noDashboard = app.Option("--no-dashboard", "Do not start the Aspire dashboard (the session's services, their logs and commands, and the apps' OpenTelemetry in a browser).", CommandOptionType.NoValue);
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

            var options = new LiveOptions(Paths(project), Names(only), target.Value(), configuration.Value() ?? "Debug", profile.Value(), sessionProperties, verbose.HasValue(), noHud.HasValue() || json.HasValue(), noHotReload.HasValue(), noDashboard.HasValue());
            return ExecuteAsync(options.Verbose, json.HasValue(), async (reporter, ct) =>
            {
                var (paths, dotnet) = Locate(options.Projects);
                var services = ServiceSelector.Select(paths, options.Only, options.Configuration, options.Properties);
                var hud = UseHud(options) ? new HudBoard(options.Verbose) : null;
                await LiveSession.RunAsync(options, services, Solution(paths), dotnet, name => Tagged(reporter, name, options.Verbose, json.HasValue()), hud, ct).ConfigureAwait(false);
            });
        });

        app.Command("ci", ci =>
        {
            ci.Description = "Builds, deploys, waits until the app is up (a web app answers, a worker runs), then exits 0; exits non-zero with the reason when the build fails, the app crashes or it is not up in time.";
            ci.HelpOption("-h|--help");
            var ciProject = ci.Option("-p|--project <PATH>", "The project or solution file, or a folder holding one. Repeatable. Default: the current folder.", CommandOptionType.MultipleValue);
            var ciOnly = ci.Option("--only <SERVICES>", "Of a solution's services, these (comma-separated). Default: all.", CommandOptionType.SingleValue);
            var ciTarget = ci.Option("-t|--target <TARGET>", "local, docker or kubernetes. Default: the project's LiveTarget property, else local.", CommandOptionType.SingleValue);
            var ciConfiguration = ci.Option("-c|--configuration <CONFIGURATION>", "The build configuration. Default: Debug.", CommandOptionType.SingleValue);
            var ciProfile = ci.Option("--launch-profile <NAME>", "The launch profile in Properties/launchSettings.json.", CommandOptionType.SingleValue);
            var ciProperties = ci.Option("--property <PROPERTY>", "An MSBuild property for the session as NAME=VALUE. Repeatable.", CommandOptionType.MultipleValue);
            var timeout = ci.Option<int>("--timeout <SECONDS>", "How long the app may take to come up. Default: 300.", CommandOptionType.SingleValue);
            var ciDown = ci.Option("--down", "docker and kubernetes: remove what the session made once it is done (as `dotnet live down`), instead of leaving it running.", CommandOptionType.NoValue);
            var ciJson = ci.Option("--json", "One JSON object per line on stdout for each event.", CommandOptionType.NoValue);
            var ciVerbose = ci.Option("-v|--verbose", "Show the synclet's and the app's lifecycle.", CommandOptionType.NoValue);
            ci.OnExecute(() =>
            {
                var options = new LiveOptions(Paths(ciProject), Names(ciOnly), ciTarget.Value(), ciConfiguration.Value() ?? "Debug", ciProfile.Value(), ParseProperties(ciProperties.Values), ciVerbose.HasValue(), NoHud: true, NoHotReload: true, NoDashboard: true);
                var limit = TimeSpan.FromSeconds(timeout.HasValue() ? timeout.ParsedValue : 300);
                return ExecuteAsync(options.Verbose, ciJson.HasValue(), async (reporter, ct) =>
                {
                    var (paths, dotnet) = Locate(options.Projects);
                    var services = ServiceSelector.Select(paths, options.Only, options.Configuration, options.Properties);
                    try
                    {
                        await CiAsync(options, services, Solution(paths), dotnet, limit, name => Tagged(reporter, name, options.Verbose, ciJson.HasValue()), ct).ConfigureAwait(false);
                    }
                    finally
                    {
                        if (ciDown.HasValue())
                        {
                            await DownAsync(paths, services, reporter, CancellationToken.None).ConfigureAwait(false);
                        }
                    }
                });
            });
        });

        app.Command("down", down =>
        {
            down.Description = "Deletes the Kubernetes objects dotnet live applied for the project (or for every service of the solution), and removes the containers, networks and dev images it created in Docker (found by their labels).";
            down.HelpOption("-h|--help");
            var downProject = down.Option("-p|--project <PATH>", "The project or solution file, or a folder holding one. Repeatable. Default: the current folder.", CommandOptionType.MultipleValue);
            down.OnExecute(() => ExecuteAsync(verbose: false, json: false, async (reporter, ct) =>
            {
                var (paths, _) = Locate(Paths(downProject));
                var services = ServiceSelector.Select(paths, [], "Debug", new Dictionary<string, string>());
                await DownAsync(paths, services, reporter, ct).ConfigureAwait(false);
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

    /// <summary>
    /// Down for every service; for several, only where a session left state (so that a solution whose
    /// services never ran in Docker needs no engine), and the network they shared.
    /// </summary>
    private static async Task DownAsync(IReadOnlyList<string> paths, IReadOnlyList<SessionService> services, IReporter reporter, CancellationToken ct)
    {
        if (services is [var single] && paths is [var path] && !ProjectLocator.IsSolution(path))
        {
            await DownAsync(single.ProjectPath, reporter, ct).ConfigureAwait(false);
            return;
        }

        var docker = false;
        foreach (var service in services)
        {
            var used = File.Exists(DockerDown.StatePath(service.ProjectPath));
            if (used || File.Exists(KubernetesDown.StatePath(service.ProjectPath)))
            {
                await DownAsync(service.ProjectPath, reporter, ct).ConfigureAwait(false);
                docker |= used;
            }
        }

        if (docker)
        {
            await DockerDown.RunAsync(Solution(paths) ?? services[0].ProjectPath, reporter, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes what the project's sessions made in Kubernetes, and removes their containers, networks and dev images in Docker.</summary>
    private static async Task DownAsync(string projectPath, IReporter reporter, CancellationToken ct)
    {
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
    }

    /// <summary>
    /// `dotnet live ci`: the session runs until <see cref="CiWatch"/> has a verdict or <paramref name="limit"/>
    /// passes, then ends as Ctrl+C ends it (the local target's processes stop; a container or pods stay).
    /// </summary>
    private static async Task CiAsync(LiveOptions options, IReadOnlyList<SessionService> services, string? solution, string dotnet, TimeSpan limit, Func<string, IReporter> reporterFor, CancellationToken ct)
    {
        var watch = new CiWatches(reporterFor);
        using var session = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = LiveSession.RunAsync(options, services, solution, dotnet, watch.For, hud: null, session.Token, watch.Stopped);
        var first = await Task.WhenAny(watch.Verdict(), running, Task.Delay(limit, ct)).ConfigureAwait(false);
        await session.CancelAsync().ConfigureAwait(false);
        try
        {
            await running.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (session.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // The session ended because ci has its answer.
        }

        ct.ThrowIfCancellationRequested();
        var verdict = watch.Verdict();
        if (first != verdict)
        {
            throw new LiveException(Messages.CiTimedOut, (long)limit.TotalSeconds, watch.LastSeen);
        }

        if (await verdict.ConfigureAwait(false) is { } failure)
        {
            throw failure;
        }

        reporterFor("").Info(Messages.CiUp, watch.LastSeen);
    }

    /// <summary>The display needs a terminal: not when output is redirected (logs, tests), CI is set, or --no-hud is given.</summary>
    private static bool UseHud(LiveOptions options) =>
        !options.NoHud && !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>The --project values as given; none means the current folder.</summary>
    private static string[] Paths(CommandOption option) => [.. option.Values.OfType<string>()];

    private static string[] Names(CommandOption option) =>
        option.Value()?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>The project or solution files the paths name (the current folder's when none), and the SDK that builds them.</summary>
    private static (IReadOnlyList<string> Paths, string Dotnet) Locate(IReadOnlyList<string> given)
    {
        var paths = (given.Count == 0 ? [null] : given.Cast<string?>()).Select(p => ProjectLocator.Find(p, Environment.CurrentDirectory)).Distinct(StringComparer.Ordinal).ToList();
        return (paths, MsBuildRegistration.Register(Path.GetDirectoryName(paths[0])!));
    }

    /// <summary>The solution the session runs, if one was given or found.</summary>
    private static string? Solution(IReadOnlyList<string> paths) => paths.FirstOrDefault(ProjectLocator.IsSolution);

    /// <summary>The reporter for a service of the session: the session's own for the only one (""), else one that tags each line with the service.</summary>
    private static IReporter Tagged(IReporter reporter, string service, bool verbose, bool json) =>
        service.Length == 0 ? reporter : json ? new JsonReporter(Console.Out, verbose, service) : new PlainReporter(Console.Out, Console.Error, verbose, service);

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
