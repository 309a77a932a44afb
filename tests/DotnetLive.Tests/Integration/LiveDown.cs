using DotnetLive.Testing;
using Shouldly;

namespace DotnetLive.Tests.Integration;

/// <summary>`dotnet live down` at the end of a docker test, and the check that it left nothing.</summary>
internal static class LiveDown
{
    public static async Task DockerAsync(string directory, string projectName)
    {
        await using var down = ToolRun.Start(directory, "down");
        (await down.ExitCodeAsync()).ShouldBe(0, down.Transcript);
        var project = Path.Combine(directory, projectName + ".csproj");
        (await DockerCli.ContainersOfAsync(project)).ShouldBeEmpty();
        (await DockerCli.ImagesOfAsync(project)).ShouldBeEmpty();
        (await DockerCli.NetworksOfAsync(project)).ShouldBeEmpty();
    }
}
