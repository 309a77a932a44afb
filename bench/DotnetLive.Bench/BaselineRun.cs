using System.Diagnostics;
using DotnetLive.Testing;

namespace DotnetLive.Bench;

/// <summary>
/// What a developer has without dotnet-live: save, `dotnet build`, stop the app, start it again.
/// Run with a laptop's defaults (MSBuild node reuse and the compiler server on), not this machine's
/// CI settings, so the baseline is the strongest one.
/// </summary>
internal static class BaselineRun
{
    /// <summary>Set on this machine to make CI builds deterministic; a developer's laptop does not set them.</summary>
    public static readonly string[] MachineOnlySettings = ["UseSharedCompilation", "MSBUILDDISABLENODEREUSE", "DOTNET_CLI_USE_MSBUILD_SERVER"];

    public static async Task<RunResult> RunAsync(string sampleName, int edits)
    {
        var result = new RunResult("dotnet build + restart");
        using var sample = new SampleCopy(Repository.Sample(sampleName));
        await DotnetAsync(sample.Directory, "build");
        var app = StartApp(sample, sampleName);
        try
        {
            await Http.WaitForTextAsync(sample.Url(), "Hello from dotnet-live!", 120);
            for (var i = 1; i <= edits; i++)
            {
                var text = $"baseline edit {i}";
                var clock = Stopwatch.StartNew();
                Samples.SetGreeting(sample, text);
                await DotnetAsync(sample.Directory, "build", "--no-restore");
                var built = clock.Elapsed;
                await StopAsync(app);
                app = StartApp(sample, sampleName);
                await Http.WaitForTextAsync(sample.Url(), text, 120);
                result.EditToServing.Add(clock.Elapsed.TotalMilliseconds);
                result.Build.Add(built.TotalMilliseconds);
                result.Restart.Add((clock.Elapsed - built).TotalMilliseconds);
            }

            result.PeakMegabytes["app"] = ProcessMemory.PeakMegabytes(app.Id);
        }
        finally
        {
            await StopAsync(app);

            // Node reuse leaves MSBuild nodes behind; a benchmark cleans up after itself.
            await DotnetAsync(sample.Directory, "build-server", "shutdown");
        }

        return result;
    }

    private static Process StartApp(SampleCopy sample, string sampleName)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine("bin", "Debug", "net10.0", sampleName + ".dll")])
        {
            WorkingDirectory = sample.Directory,
            RedirectStandardOutput = true,
        };
        info.Environment["ASPNETCORE_URLS"] = sample.Url().GetLeftPart(UriPartial.Authority);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    /// <summary>SIGTERM, as a terminal's Ctrl+C, and the wait for the exit.</summary>
    internal static async Task StopAsync(Process app)
    {
        if (!app.HasExited)
        {
            Processes.Signal(app.Id, 15);
            await app.WaitForExitAsync();
        }

        app.Dispose();
    }

    /// <summary>A dotnet command with a laptop's settings; a failure ends the benchmark with its output.</summary>
    internal static async Task DotnetAsync(string directory, params string[] arguments)
    {
        var (exitCode, output) = await DotnetCli.RunAsync(directory, arguments, MachineOnlySettings.ToDictionary(s => s, _ => (string?)null));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed:\n{output}");
        }
    }
}
