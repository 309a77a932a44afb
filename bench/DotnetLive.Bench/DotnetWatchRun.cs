using System.Diagnostics;
using DotnetLive.Testing;

namespace DotnetLive.Bench;

/// <summary>
/// The Hot Reload baseline: the SDK's own `dotnet watch` on the app run locally, as a developer runs it
/// (a laptop's defaults; the same edits, timed from the save to the new text being served).
/// </summary>
internal static class DotnetWatchRun
{
    public static async Task<RunResult> RunAsync(string sampleName, int edits)
    {
        var result = new RunResult("dotnet watch (local)");
        using var sample = new SampleCopy(Repository.Sample(sampleName));
        var info = new ProcessStartInfo("dotnet", ["watch", "--non-interactive"])
        {
            WorkingDirectory = sample.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var setting in BaselineRun.MachineOnlySettings)
        {
            info.Environment.Remove(setting);
        }

        info.Environment["ASPNETCORE_URLS"] = sample.Url().GetLeftPart(UriPartial.Authority);
        using var watch = Process.Start(info)!;
        var output = new OutputLog();
        watch.OutputDataReceived += (_, e) => output.Add(e.Data ?? "");
        watch.ErrorDataReceived += (_, e) => output.Add(e.Data ?? "");
        watch.BeginOutputReadLine();
        watch.BeginErrorReadLine();
        try
        {
            await Http.WaitForTextAsync(sample.Url(), "Hello from dotnet-live!", 180);
            var pid = await Http.GetAsync(sample.Url("/pid"));
            for (var i = 1; i <= edits; i++)
            {
                var text = $"watch edit {i}";
                var clock = Stopwatch.StartNew();
                Samples.SetGreeting(sample, text);
                await Http.WaitForTextAsync(sample.Url(), text, 120);
                result.EditToServing.Add(clock.Elapsed.TotalMilliseconds);
            }

            if (await Http.GetAsync(sample.Url("/pid")) != pid)
            {
                throw new InvalidOperationException("dotnet watch restarted the app: the edits were not hot-reloaded.\n" + string.Join('\n', output.Lines));
            }

            result.PeakMegabytes["dotnet watch"] = ProcessMemory.PeakMegabytes(watch.Id);
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
            await watch.WaitForExitAsync();
        }

        return result;
    }
}
