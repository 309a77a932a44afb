using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using DotnetLive.Testing;

namespace DotnetLive.Bench;

/// <summary>dotnet-live on a target: edits timed from the save to the new text being served.</summary>
internal static partial class LiveRun
{
    public static async Task<RunResult> RunAsync(string sampleName, int edits, string target)
    {
        var result = new RunResult($"dotnet-live ({target})");
        using var sample = new SampleCopy(Repository.Sample(sampleName));
        try
        {
            await MeasureAsync(sample, edits, target, result);
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

    private static async Task MeasureAsync(SampleCopy sample, int edits, string target, RunResult result)
    {
        await using var tool = ToolRun.Start(sample.Directory, "--verbose", "--target", target);
        await tool.WaitDeployedAsync();

        for (var i = 1; i <= edits; i++)
        {
            var mark = tool.Output.Count;
            var text = $"live edit {i}";
            var clock = Stopwatch.StartNew();
            Samples.SetGreeting(sample, text);
            await Http.WaitForTextAsync(sample.Url(), text, 120);
            result.EditToServing.Add(clock.Elapsed.TotalMilliseconds);

            var index = await tool.WaitAsync("the update line", l => l.Contains("updated: "), mark, 60);
            var line = tool.Output.Lines[index];
            var numbers = UpdateLine().Match(line);
            result.Build.Add(double.Parse(numbers.Groups["build"].Value, CultureInfo.InvariantCulture));
            result.Restart.Add(double.Parse(numbers.Groups["restart"].Value, CultureInfo.InvariantCulture));
            result.BytesShipped.Add(double.Parse(numbers.Groups["bytes"].Value, CultureInfo.InvariantCulture));
        }

        result.PeakMegabytes["tool"] = ProcessMemory.PeakMegabytes(tool.Pid);
        result.ProportionalMegabytes["tool"] = ProcessMemory.ProportionalMegabytes(tool.Pid);
        foreach (var (pid, commandLine) in Processes.Mentioning(sample.Directory))
        {
            var role = commandLine.Contains("DotnetLive.Synclet.dll", StringComparison.Ordinal) ? "synclet" : "app";
            result.PeakMegabytes[role] = ProcessMemory.PeakMegabytes(pid);
            result.ProportionalMegabytes[role] = ProcessMemory.ProportionalMegabytes(pid);
        }

        await tool.StopAsync();
    }

    [GeneratedRegex(@"updated: \d+ file\(s\), (?<bytes>\d+) bytes shipped · build (?<build>\d+) ms · sync \d+ ms · restart (?<restart>\d+) ms")]
    private static partial Regex UpdateLine();
}
