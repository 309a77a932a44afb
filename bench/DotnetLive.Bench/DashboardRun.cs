using System.Diagnostics;
using DotnetLive.Testing;

namespace DotnetLive.Bench;

/// <summary>
/// What the dashboard costs: the same traced web app (tests/DotnetLive.Testing/TracedApp: `dotnet new
/// web` sending its traces over OTLP) in the default mode on the local target, with the dashboard (the
/// default) and with --no-dashboard, alternating, in one run. Timed: the tool's start until the app
/// first serves, and method-body edits (Hot Reload) from the save until the app serves them, with a
/// request between edits so that traces flow. Peak RSS of the tool, the dashboard and the app.
/// </summary>
internal static class DashboardRun
{
    public static async Task<int> RunAsync(int edits, int rounds)
    {
        Console.WriteLine($"dotnet-live benchmark: the Aspire dashboard's cost, a traced `dotnet new web` app, default mode, local target, {rounds} session(s) each way, {edits} method edits per session, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
        var with = new RunResult("with the dashboard");
        var without = new RunResult("--no-dashboard");
        for (var round = 0; round < rounds; round++)
        {
            // Alternating which goes first: neither always gets the warmer machine.
            foreach (var dashboard in round % 2 == 0 ? new[] { true, false } : [false, true])
            {
                await MeasureAsync(dashboard ? with : without, dashboard, edits);
            }
        }

        Report.Compare("traced web app, method edit", with, without);
        Console.WriteLine("peak RSS (VmHWM) with --no-dashboard: " + string.Join(", ", without.PeakMegabytes.Select(p => $"{p.Key} {p.Value:N0} MB")));
        return 0;
    }

    private static async Task MeasureAsync(RunResult result, bool dashboard, int edits)
    {
        using var app = await TracedApp.CreateAsync("Traced");
        var clock = Stopwatch.StartNew();
        await using var tool = dashboard ? ToolRun.Start(app.Directory, "--verbose") : ToolRun.Start(app.Directory, "--verbose", "--no-dashboard");
        try
        {
            await ServedAsync(app, "hello v1", TimeSpan.FromMinutes(4));
            result.FirstServe.Add(clock.Elapsed.TotalMilliseconds);
            await tool.WaitHotReloadStartedAsync(seconds: 240);
            for (var i = 2; i <= edits + 1; i++)
            {
                clock.Restart();
                app.Edit("Greeter.cs", $"hello v{i - 1}", $"hello v{i}");
                await ServedAsync(app, $"hello v{i}", TimeSpan.FromSeconds(60));
                result.EditToServing.Add(clock.Elapsed.TotalMilliseconds);

                // The files that follow a hot-reloaded edit, and the traces of these requests, go out before the next edit.
                await Task.Delay(TimeSpan.FromSeconds(2));
            }

            Peak(result, "tool", tool.Pid);
            Peak(result, "dashboard", Processes.Mentioning("Aspire.Dashboard").Select(p => p.Pid).DefaultIfEmpty(-1).First());
            Peak(result, "app", Processes.Mentioning(Path.Combine(app.Directory, "obj", "dotnet-live")).Where(p => p.CommandLine.Contains("Traced.dll", StringComparison.Ordinal)).Select(p => p.Pid).DefaultIfEmpty(-1).First());
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine(tool.Transcript);
            throw;
        }
        finally
        {
            await tool.StopAsync();
        }
    }

    /// <summary>The largest peak of the runs (the same process kind in each session).</summary>
    private static void Peak(RunResult result, string process, int pid)
    {
        if (pid > 0 && ProcessMemory.PeakMegabytes(pid) is var peak && !double.IsNaN(peak))
        {
            result.PeakMegabytes[process] = Math.Max(peak, result.PeakMegabytes.GetValueOrDefault(process));
        }
    }

    private static async Task ServedAsync(SampleCopy app, string text, TimeSpan limit)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            try
            {
                if ((await client.GetStringAsync(app.Url("/traced-route"))).Contains(text, StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not serving yet.
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"the app did not serve '{text}' within {limit.TotalSeconds} s");
    }
}
