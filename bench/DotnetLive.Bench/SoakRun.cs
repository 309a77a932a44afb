using System.Diagnostics;
using DotnetLive.Testing;

namespace DotnetLive.Bench;

/// <summary>
/// Many consecutive edits through the real tool (local target): failures must be 0, and memory, open
/// file descriptors and processes must not grow beyond noise. With Hot Reload, the app must also stay
/// the same process throughout.
/// </summary>
internal static class SoakRun
{
    public static async Task<int> RunAsync(int edits, bool hotReload)
    {
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        await using var tool = hotReload ? ToolRun.Start(sample.Directory) : ToolRun.Start(sample.Directory, "--no-hot-reload");
        if (hotReload)
        {
            await tool.WaitHotReloadStartedAsync();
        }
        else
        {
            await tool.WaitDeployedAsync();
        }

        var appPid = await Http.GetAsync(sample.Url("/pid"));
        var before = Snapshot(tool.Pid, sample);
        var timings = new Distribution("edit→serving", "ms");
        var failures = 0;
        for (var i = 1; i <= edits; i++)
        {
            var text = $"soak edit {i}";
            var clock = Stopwatch.StartNew();
            Samples.SetGreeting(sample, text);
            try
            {
                await Http.WaitForTextAsync(sample.Url(), text, 60);
                timings.Add(clock.Elapsed.TotalMilliseconds);
            }
            catch (TimeoutException e)
            {
                failures++;
                Console.WriteLine($"edit {i} failed: {e.Message}");
            }
        }

        var after = Snapshot(tool.Pid, sample);
        var restarted = hotReload && await Http.GetAsync(sample.Url("/pid")) != appPid;
        await tool.StopAsync();
        var left = Processes.Mentioning(sample.Directory).Count;

        Console.WriteLine();
        Console.WriteLine($"soak: {edits} edits of samples/WebApi through dotnet live (local{(hotReload ? ", hot reload" : "")}), {failures} failure(s)"
            + (hotReload ? restarted ? "; the app was restarted" : "; the app was never restarted" : ""));
        Console.WriteLine($"edit→serving p50 {timings.Format(timings.Percentile(50))}, p95 {timings.Format(timings.Percentile(95))}, max {timings.Format(timings.Percentile(100))}");
        Console.WriteLine($"{"",-24}{"before",-14}{"after",-14}");
        foreach (var (name, value) in before)
        {
            Console.WriteLine($"{name,-24}{value,-14:N0}{after[name],-14:N0}");
        }

        Console.WriteLine($"processes left after the tool stopped: {left}");
        return failures == 0 && left == 0 && !restarted ? 0 : 1;
    }

    private static Dictionary<string, double> Snapshot(int toolPid, SampleCopy sample)
    {
        var synclet = Processes.Mentioning(sample.Directory).Single(p => p.CommandLine.Contains("DotnetLive.Synclet.dll", StringComparison.Ordinal)).Pid;
        return new Dictionary<string, double>
        {
            ["tool RSS MB"] = ProcessMemory.ResidentMegabytes(toolPid),
            ["synclet RSS MB"] = ProcessMemory.ResidentMegabytes(synclet),
            ["tool open fds"] = Directory.GetFiles($"/proc/{toolPid}/fd").Length,
            ["synclet open fds"] = Directory.GetFiles($"/proc/{synclet}/fd").Length,
            ["tool threads"] = Directory.GetDirectories($"/proc/{toolPid}/task").Length,
            ["processes of the sample"] = Processes.Mentioning(sample.Directory).Count,
            ["dotnet watch RSS MB"] = Processes.Mentioning(sample.Directory).Where(p => p.CommandLine.Contains("dotnet-watch.dll", StringComparison.Ordinal)).Sum(p => ProcessMemory.ResidentMegabytes(p.Pid)),
        };
    }
}
