using System.Diagnostics;
using System.Globalization;
using DotnetLive.Testing;

namespace DotnetLive.Bench;

/// <summary>
/// Build in the cluster against building here, on the docker target, same sample and same edits:
/// (a) one-line edits; (b) adding a project reference to a library whose output, with the package it
/// uses, is about 1 MB. Bytes are what the tool shipped (sources or binaries).
/// </summary>
internal static class BuildInClusterRun
{
    public static async Task<(RunResult OneLine, RunResult Reference)> RunAsync(string buildIn, int edits)
    {
        var oneLine = new RunResult($"dotnet-live (build in {buildIn})");
        var reference = new RunResult($"dotnet-live (build in {buildIn})");
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        try
        {
            await using var tool = ToolRun.Start(sample.Directory, "--target", "docker", "--no-hot-reload", "--build-in", buildIn);
            await tool.WaitDeployedAsync();
            for (var i = 1; i <= edits; i++)
            {
                var text = $"{buildIn} edit {i}";
                var (elapsed, bytes) = await MeasureAsync(tool, sample, text, () => Samples.SetGreeting(sample, text));
                oneLine.EditToServing.Add(elapsed);
                oneLine.BytesShipped.Add(bytes);
            }

            // A library that is not referenced yet, outside the project folder, with a package dependency.
            sample.Root.Write("Lib/Lib.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Newtonsoft.Json" Version="13.0.4" />
                  </ItemGroup>
                </Project>
                """);
            sample.Root.Write("Lib/Shout.cs", """
                namespace Lib;

                public static class Shout
                {
                    public static string Loud(string text) => Newtonsoft.Json.JsonConvert.SerializeObject(text.ToUpperInvariant());
                }
                """);
            var (took, shipped) = await MeasureAsync(tool, sample, "\"FROM A LIBRARY\"", () =>
            {
                sample.Edit("WebApi.csproj", "</Project>", "  <ItemGroup>\n    <ProjectReference Include=\"../Lib/Lib.csproj\" />\n  </ItemGroup>\n</Project>");
                var path = sample.PathOf("Greeting.cs");
                File.WriteAllText(path, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(path), "Text => \"[^\"]*\";", "Text => Lib.Shout.Loud(\"from a library\");"));
            });
            reference.EditToServing.Add(took);
            reference.BytesShipped.Add(shipped);
            reference.Notes.Add($"(b) once per mode: the reference and the edit that uses it, saved together; {buildIn}: restore + build {(buildIn == "cluster" ? "in the container, whose NuGet cache starts empty" : "on this machine")}");
            await tool.StopAsync();
        }
        finally
        {
            await using var down = ToolRun.Start(sample.Directory, "down");
            await down.ExitCodeAsync();
        }

        return (oneLine, reference);
    }

    /// <summary>Saves, waits until the app serves <paramref name="expected"/>, and adds up the bytes of every update that took.</summary>
    private static async Task<(double Milliseconds, double Bytes)> MeasureAsync(ToolRun tool, SampleCopy sample, string expected, Action edit)
    {
        var mark = tool.Output.Count;
        var clock = Stopwatch.StartNew();
        edit();
        await Http.WaitForTextAsync(sample.Url(), expected, 300);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        await tool.WaitAsync("the update line", l => l.Contains("updated: "), mark, 60);
        var bytes = tool.Output.Lines.Skip(mark)
            .Select(l => LiveRun.UpdateLine().Match(l))
            .Where(m => m.Success)
            .Sum(m => double.Parse(m.Groups["bytes"].Value, CultureInfo.InvariantCulture));
        return (elapsed, bytes);
    }
}
