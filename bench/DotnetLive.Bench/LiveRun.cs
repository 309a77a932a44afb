using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using DotnetLive.Testing;

namespace DotnetLive.Bench;

/// <summary>dotnet-live on a target: edits timed from the save to the new text being served.</summary>
internal static partial class LiveRun
{
    /// <param name="hotReload">Edits applied in place by Hot Reload; otherwise (--no-hot-reload) rebuilt and restarted.</param>
    public static async Task<RunResult> RunAsync(string sampleName, int edits, string target, bool hotReload = false)
    {
        var result = new RunResult(hotReload ? $"dotnet-live ({target}, hot reload)" : $"dotnet-live ({target})");
        using var sample = new SampleCopy(Repository.Sample(sampleName));
        try
        {
            await MeasureAsync(sample, edits, target, hotReload, result);
        }
        finally
        {
            if (target == "docker")
            {
                await using var down = ToolRun.Start(sample.Directory, "down");
                await down.ExitCodeAsync();
            }
        }

        return result;
    }

    private static async Task MeasureAsync(SampleCopy sample, int edits, string target, bool hotReload, RunResult result)
    {
        string[] arguments = hotReload ? ["--verbose", "--target", target] : ["--verbose", "--target", target, "--no-hot-reload"];
        await using var tool = ToolRun.Start(sample.Directory, arguments);
        if (hotReload)
        {
            await tool.WaitHotReloadStartedAsync();
        }
        else
        {
            await tool.WaitDeployedAsync();
        }

        var appPid = hotReload ? await Http.GetAsync(sample.Url("/pid")) : null;

        var lastEdit = 0;
        for (var i = 1; i <= edits; i++)
        {
            var mark = tool.Output.Count;
            lastEdit = mark;
            var text = $"live edit {i}";
            var clock = Stopwatch.StartNew();
            Samples.SetGreeting(sample, text);
            await Http.WaitForTextAsync(sample.Url(), text, 120);
            result.EditToServing.Add(clock.Elapsed.TotalMilliseconds);
            if (hotReload)
            {
                await tool.WaitAsync("the hot reload line", l => l.Contains("hot reload: "), mark, 60);
                continue;
            }

            var index = await tool.WaitAsync("the update line", l => l.Contains("updated: "), mark, 60);
            var line = tool.Output.Lines[index];
            var numbers = UpdateLine().Match(line);
            result.Build.Add(double.Parse(numbers.Groups["build"].Value, CultureInfo.InvariantCulture));
            result.Restart.Add(double.Parse(numbers.Groups["restart"].Value, CultureInfo.InvariantCulture));
            result.BytesShipped.Add(double.Parse(numbers.Groups["bytes"].Value, CultureInfo.InvariantCulture));
        }

        if (hotReload && await Http.GetAsync(sample.Url("/pid")) != appPid)
        {
            throw new InvalidOperationException("the app was restarted: the edits were not hot-reloaded.\n" + tool.Transcript);
        }

        if (hotReload)
        {
            // Once the edits pause, the files follow them (a build in the tool, shipped with no restart).
            var movedAt = await tool.WaitAsync("the files moved line", l => l.Contains("files moved under the running app"), lastEdit, 60);
            var moved = tool.Output.Lines[movedAt];
            result.Notes.Add("after the last edit: " + moved[(moved.IndexOf("files moved", StringComparison.Ordinal))..]);
        }

        result.PeakMegabytes["tool"] = ProcessMemory.PeakMegabytes(tool.Pid);
        result.ProportionalMegabytes["tool"] = ProcessMemory.ProportionalMegabytes(tool.Pid);
        foreach (var (pid, commandLine) in Processes.Mentioning(sample.Directory))
        {
            var role = commandLine.Contains("DotnetLive.Synclet.dll", StringComparison.Ordinal) ? "synclet"
                : commandLine.Contains("dotnet-watch", StringComparison.Ordinal) ? "dotnet watch"
                : commandLine.Contains(" relay ", StringComparison.Ordinal) ? "relay"
                : commandLine.Contains(" run ", StringComparison.Ordinal) ? "dotnet run"
                : "app";
            result.PeakMegabytes[role] = ProcessMemory.PeakMegabytes(pid);
            result.ProportionalMegabytes[role] = ProcessMemory.ProportionalMegabytes(pid);
        }

        await tool.StopAsync();
    }

    [GeneratedRegex(@"updated: \d+ file\(s\), (?<bytes>\d+) bytes shipped · build (?<build>\d+) ms · sync \d+ ms · restart (?<restart>\d+) ms")]
    internal static partial Regex UpdateLine();
}
