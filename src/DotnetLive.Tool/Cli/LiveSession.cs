using DotnetLive.Tool.Dashboard;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.Targets.Docker;
using DotnetLive.Tool.UI;
using DotnetLive.Tool.UI.Hud;

namespace DotnetLive.Tool.Cli;

/// <summary>
/// Sets up one session of one or several services (the app projects of a solution): each is restored,
/// evaluated and given its target (<see cref="ServiceRun"/>); the services learn each other's addresses
/// (<see cref="ServiceDiscovery"/>); then every service's loop runs, under the HUD when there is one. A
/// service that fails does not stop the others. A separate type from <see cref="LiveCommand"/> so that no
/// MSBuild type is loaded before MSBuildLocator has registered the SDK.
/// </summary>
internal static class LiveSession
{
    /// <summary>How long the apps wait for the dashboard to run, so that they send it their telemetry (it starts in well under a second once its package is here).</summary>
    private static readonly TimeSpan DashboardWait = TimeSpan.FromSeconds(10);

    /// <param name="solution">The solution the services come from (a session of several shares a Docker network named after it); null for one project.</param>
    /// <param name="reporterFor">Plain lines for a service ("" for the only one): until the display runs (restore errors must be seen), and for the whole session without one.</param>
    /// <param name="hud">The heads-up display, when the terminal has one.</param>
    /// <param name="stopped">Told when one of several services stops with an error (the others go on).</param>
    public static async Task RunAsync(LiveOptions options, IReadOnlyList<SessionService> services, string? solution, string dotnet, Func<string, IReporter> reporterFor, HudBoard? hud, CancellationToken ct, Action<string, LiveException>? stopped = null)
    {
        var several = services.Count > 1;
        var plains = services.ToDictionary(s => s.Name, s => reporterFor(several ? s.Name : ""));
        var runs = new List<ServiceRun>();

        // Disposed last: the dashboard shows the services stopping.
        await using var dashboard = options.NoDashboard ? null : SessionDashboard.Start(Path.GetFileNameWithoutExtension(solution ?? services[0].ProjectPath), Path.GetDirectoryName(services[0].ProjectPath)!, dotnet, reporterFor(""), options.Verbose, ct);
        try
        {
            await PrepareAsync(options, services, dotnet, plains, several, runs, stopped, ct).ConfigureAwait(false);
            if (runs.Select(r => r.TargetName).Distinct().Skip(1).Any())
            {
                throw new LiveException(Messages.BadOption, $"The services run on different targets ({string.Join(", ", runs.Select(r => $"{r.Service.Name}: {r.TargetName}"))}); one session has one target. Pass --target, or set the same <LiveTarget> for all.");
            }

            if (several)
            {
                var peers = runs.ToDictionary(r => r.Service.Name, r => r.PeerUrls());
                foreach (var run in runs)
                {
                    run.AddEnvironment(ServiceDiscovery.Variables(run.Service.Name, peers));
                }
            }

            if (dashboard is not null && await dashboard.WaitAsync(DashboardWait, ct).ConfigureAwait(false))
            {
                hud?.ShowDashboard(dashboard.LoginUrl!);

                // A local app sends to the dashboard's OTLP endpoint on this machine's loopback; an app in a
                // container or pod, to its synclet, which relays to the tool (the targets' TelemetryRoute).
                foreach (var run in runs.Where(r => r.TargetName == "local"))
                {
                    run.AddEnvironment(dashboard.Telemetry(run.Service.Name));
                }
            }

            var network = several && runs[0].TargetName == "docker" ? SessionNetwork.For(solution ?? runs[0].Project.ProjectPath) : null;
            var reporters = new List<IReporter>();
            var rows = new List<HudReporter>();
            foreach (var run in runs)
            {
                IReporter reporter = plains[run.Service.Name];
                if (hud is not null)
                {
                    var row = hud.Add(several ? run.Service.Name : run.Project.Name, run.TargetName, run.Commands.Writer, several);
                    rows.Add(row);
                    reporter = row;
                }

                if (dashboard is not null)
                {
                    reporter = new TeeReporter(reporter, dashboard.Join(run.Service.Name, run.Project.ProjectPath, run.TargetName, run.Project.IsWeb, run.Commands.Writer));
                }

                run.CreateTarget(network, runs.Where(r => r != run), dashboard is null ? null : dashboard.Forward, reporter);
                dashboard?.Describe(run.Service.Name, run.AppUrls);
                reporters.Add(reporter);
            }

            if (hud is null)
            {
                await RunAllAsync(runs, reporters, several, stopped, ct).ConfigureAwait(false);
                return;
            }

            // q quits as Ctrl+C does; the display and the keys end with the session.
            using var quit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            for (var i = 0; i < runs.Count; i++)
            {
                rows[i].Describe(several ? runs[i].Service.Name : runs[i].Project.Name, runs[i].TargetName, runs[i].AppUrls);
            }

            var display = HudDisplay.RunAsync(hud, quit.Token);
            var keys = Console.IsInputRedirected ? Task.CompletedTask : KeyReader.RunAsync(hud, quit.Cancel, quit.Token);
            try
            {
                await RunAllAsync(runs, reporters, several, stopped, quit.Token).ConfigureAwait(false);
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
        finally
        {
            // In parallel: each stops its own processes or leaves its container (a second each, at most).
            await Task.WhenAll(runs.Select(r => r.DisposeAsync().AsTask())).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Restores and evaluates every service, one after another (restores take turns anyway). Of several,
    /// one that cannot start is reported and left out; the session fails only when none can.
    /// </summary>
    private static async Task PrepareAsync(LiveOptions options, IReadOnlyList<SessionService> services, string dotnet, Dictionary<string, IReporter> plains, bool several, List<ServiceRun> runs, Action<string, LiveException>? stopped, CancellationToken ct)
    {
        LiveException? first = null;
        foreach (var service in services)
        {
            var plain = plains[service.Name];
            try
            {
                runs.Add(await ServiceRun.PrepareAsync(options, service, dotnet, plain, ct).ConfigureAwait(false));
            }
            catch (LiveException e) when (several)
            {
                plain.Error(e.Message);
                stopped?.Invoke(service.Name, e);
                first ??= e;
            }
        }

        if (runs.Count == 0 && first is not null)
        {
            throw first;
        }
    }

    /// <summary>Every service's loop at once; of several, one that ends with an error says so and the others go on.</summary>
    private static async Task RunAllAsync(List<ServiceRun> runs, List<IReporter> reporters, bool several, Action<string, LiveException>? stopped, CancellationToken ct)
    {
        if (!several)
        {
            await runs[0].RunAsync(reporters[0], several: false, ct).ConfigureAwait(false);
            return;
        }

        var failures = new Exception?[runs.Count];
        await Task.WhenAll(runs.Select(async (run, i) =>
        {
            try
            {
                await run.RunAsync(reporters[i], several: true, ct).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // One service's failure, expected or not, is its own: the others go on.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                reporters[i].Error($"{(e is LiveException ? e.Message : e.ToString())} ({run.Service.Name} has stopped; the other services go on.)");
                stopped?.Invoke(run.Service.Name, e as LiveException ?? new LiveException(Messages.ServiceFailed, run.Service.Name, e.Message));
                failures[i] = e;
            }
        })).ConfigureAwait(false);

        ct.ThrowIfCancellationRequested();
        if (failures.FirstOrDefault(f => f is not null) is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }
}
