using DotnetLive.Testing;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Integration;

/// <summary>
/// Build in the cluster on the docker target, with the locally made SDK image (scripts/make-base-images.sh):
/// the sources go to the synclet, which builds next to the app.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class BuildInClusterTests
{
    [Fact]
    public async Task An_edit_is_built_in_the_container_a_compile_error_shows_the_developers_path_and_a_new_project_reference_is_built_there()
    {
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        var project = Path.Combine(sample.Directory, "WebApi.csproj");
        try
        {
            await using var tool = ToolRun.Start(sample.Directory, "--target", "docker", "--build-in", "cluster", "--verbose");
            await tool.WaitDeployedAsync();
            tool.Transcript.ShouldContain("built from mcr.microsoft.com/dotnet/sdk:10.0");
            tool.Transcript.ShouldContain("Hot Reload is not used when building in the cluster");
            (await Http.GetAsync(sample.Url())).ShouldBe("Hello from dotnet-live!");
            var container = (await DockerCli.ContainersOfAsync(project)).ShouldHaveSingleItem();

            // Nothing was built here: no output folder, and the sources are what went to the container.
            Directory.Exists(Path.Combine(sample.Directory, "bin")).ShouldBeFalse();
            (await DockerCli.RunAsync("exec", container, "ls", "/dotnet-live/source/store/current")).Split('\n').ShouldBe(["Greeting.cs", "Program.cs", "WebApi.csproj", "appsettings.json"], ignoreOrder: true);

            // (a) A one-line edit: only that file is shipped, and the build in the container serves it.
            var mark = tool.Output.Count;
            sample.Edit("Greeting.cs", "Hello from dotnet-live!", "Built next to the app");
            var updated = await tool.WaitAsync("the update line", l => l.Contains("updated: "), mark, 120);
            tool.Output.Lines[updated].ShouldContain("updated: 1 file(s), ");
            tool.Output.Lines.Skip(mark).ShouldContain(l => l.EndsWith("shipped: Greeting.cs", StringComparison.Ordinal));
            await Http.WaitForTextAsync(sample.Url(), "Built next to the app", 30);

            // A compile error in the container is shown with the developer's file and line; the app keeps serving.
            mark = tool.Output.Count;
            sample.Edit("Greeting.cs", "\"Built next to the app\";", "\"Broken\"");
            await tool.WaitAsync("the build failure", l => l.Contains("DLIVE2003"), mark, 120);
            var column = File.ReadAllLines(sample.PathOf("Greeting.cs"))[4].Length + 1;
            tool.Output.Lines.Skip(mark).ShouldContain(l => l.EndsWith($"  Greeting.cs(5,{column}): error CS1002: ; expected", StringComparison.Ordinal));
            (await Http.GetAsync(sample.Url())).ShouldBe("Built next to the app");

            // (b) A project reference to a library outside the project folder: its sources go too, and it is built there.
            sample.Root.Write("Lib/Lib.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                  </PropertyGroup>
                </Project>
                """);
            sample.Root.Write("Lib/Shout.cs", """
                namespace Lib;

                public static class Shout
                {
                    public static string Loud(string text) => text.ToUpperInvariant() + "!";
                }
                """);
            mark = tool.Output.Count;
            sample.Edit("WebApi.csproj", "</Project>", "  <ItemGroup>\n    <ProjectReference Include=\"../Lib/Lib.csproj\" />\n  </ItemGroup>\n</Project>");
            sample.Edit("Greeting.cs", "\"Broken\"", "Lib.Shout.Loud(\"from a library\");");
            await Http.WaitForTextAsync(sample.Url(), "FROM A LIBRARY!", 120);
            (await DockerCli.RunAsync("exec", container, "ls", "/dotnet-live/app/current")).Split('\n').ShouldContain("Lib.dll");
            Directory.Exists(sample.Root.Combine("Lib", "bin")).ShouldBeFalse();
            (await DockerCli.ContainersOfAsync(project)).ShouldBe([container]);
            (await tool.StopAsync()).ShouldBe(0);
        }
        finally
        {
            await using var down = ToolRun.Start(sample.Directory, "down");
            (await down.ExitCodeAsync()).ShouldBe(0, down.Transcript);
        }
    }
}
