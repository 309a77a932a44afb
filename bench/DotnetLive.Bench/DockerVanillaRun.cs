using System.Diagnostics;
using System.Globalization;
using DotnetLive.Testing;

namespace DotnetLive.Bench;

/// <summary>
/// The container loop without dotnet-live: `dotnet publish`, `docker build`, replace the container,
/// wait for HTTP. The bytes of an edit are those of the image layer the build makes (what a push sends).
/// </summary>
internal static class DockerVanillaRun
{
    internal const string BaseImage = "mcr.microsoft.com/dotnet/aspnet:10.0";

    public static async Task<RunResult> RunAsync(string sampleName, int edits)
    {
        var result = new RunResult("publish + docker build + run");
        using var sample = new SampleCopy(Repository.Sample(sampleName));
        var name = "dotnet-live-bench-" + Path.GetFileName(sample.Root.Path).ToLowerInvariant();
        var tag = name + ":latest";
        File.WriteAllText(sample.PathOf("Dockerfile"), $"FROM {BaseImage}\nWORKDIR /app\nCOPY pub/ /app/\nENTRYPOINT [\"dotnet\", \"{sampleName}.dll\"]\n");
        File.WriteAllText(sample.PathOf(".dockerignore"), "bin/\nobj/\n");
        var baseLayers = (await DockerCli.RunAsync("history", "-q", BaseImage)).Split('\n').Length;
        try
        {
            await PublishBuildRunAsync(sample, tag, name);
            await Http.WaitForTextAsync(sample.Url(), "Hello from dotnet-live!", 120);
            for (var i = 1; i <= edits; i++)
            {
                var text = $"vanilla edit {i}";
                var clock = Stopwatch.StartNew();
                Samples.SetGreeting(sample, text);
                var built = await PublishBuildRunAsync(sample, tag, name);
                await Http.WaitForTextAsync(sample.Url(), text, 120);
                result.EditToServing.Add(clock.Elapsed.TotalMilliseconds);
                result.Build.Add(built.TotalMilliseconds);
                result.Restart.Add((clock.Elapsed - built).TotalMilliseconds);
                result.BytesShipped.Add(await AppLayerBytesAsync(tag, baseLayers));
            }
        }
        finally
        {
            await DockerCli.RunAsync("rm", "-f", name);
            await DockerCli.RunAsync("rmi", "-f", tag);
        }

        return result;
    }

    /// <summary>Returns how long publish + image build took; the container is replaced after that.</summary>
    private static async Task<TimeSpan> PublishBuildRunAsync(SampleCopy sample, string tag, string name)
    {
        var clock = Stopwatch.StartNew();
        var (exitCode, output) = await DotnetCli.RunAsync(sample.Directory, ["publish", "-c", "Debug", "-o", "pub"], BaselineRun.MachineOnlySettings.ToDictionary(s => s, _ => (string?)null));
        if (exitCode != 0)
        {
            throw new InvalidOperationException("dotnet publish failed:\n" + output);
        }

        await DockerCli.RunAsync("build", "-q", "-t", tag, sample.Directory);
        var built = clock.Elapsed;
        await DockerCli.RunAsync("rm", "-f", name);
        await DockerCli.RunAsync("run", "-d", "--name", name, "-p", $"127.0.0.1:{sample.Port}:8080", tag);
        return built;
    }

    internal static async Task<double> AppLayerBytesAsync(string tag, int baseLayers)
    {
        var sizes = (await DockerCli.RunAsync("history", "-H=false", "--format", "{{.Size}}", tag)).Split('\n');
        return sizes.Take(sizes.Length - baseLayers).Sum(s => double.Parse(s, CultureInfo.InvariantCulture));
    }
}
