using DotnetLive.Testing;
using DotnetLive.Tests.Integration;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tasks;

/// <summary>
/// The DotnetLive.Tasks package under MSBuild's .NET Framework engine, as Visual Studio builds: the
/// net472 tasks run the steps through the SDK's dotnet host. MSBuild 16.6 cannot load the .NET 10 SDK,
/// so the app project's own compile is left to it through Exec; everything the package does runs in
/// the Framework engine.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class FrameworkMSBuildTests(PackedTasksFeed feed) : IClassFixture<PackedTasksFeed>
{
    private const string Project = "LiveDeployApp.framework.proj";

    /// <summary>Where the SDK's props would point $(NetCoreRoot): the folder of the `dotnet` on PATH, links resolved.</summary>
    private static string DotnetRoot { get; } = Environment.GetEnvironmentVariable("PATH")!.Split(':')
        .Select(dir => new FileInfo(Path.Combine(dir, "dotnet")))
        .Where(file => file.Exists)
        .Select(file => Path.GetDirectoryName(file.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file.FullName)!)
        .First();

    /// <summary>The app as Visual Studio's MSBuild sees it: the restore's imports (they bring the package), a Build, then the package's targets.</summary>
    private static void WriteProject(SampleCopy app) => File.WriteAllText(app.PathOf(Project), """
        <Project>
          <PropertyGroup>
            <MSBuildProjectExtensionsPath>obj/</MSBuildProjectExtensionsPath>
            <BaseIntermediateOutputPath>obj/</BaseIntermediateOutputPath>
            <IntermediateOutputPath>obj/Debug/net10.0/</IntermediateOutputPath>
            <OutDir>bin/Debug/net10.0/</OutDir>
            <ProjectAssetsFile>obj/project.assets.json</ProjectAssetsFile>
            <LiveDeploy>true</LiveDeploy>
          </PropertyGroup>
          <Import Project="obj/LiveDeployApp.csproj.nuget.g.props" />
          <Target Name="Build">
            <Exec Command="env -u MSBUILD_EXE_PATH dotnet build LiveDeployApp.csproj -nologo -v q -p:LiveDeploy=false -p:Greeting=$(Greeting)" />
          </Target>
          <Import Project="obj/LiveDeployApp.csproj.nuget.g.targets" />
        </Project>
        """);

    private Task<(int ExitCode, string Output)> BuildAsync(SampleCopy app, string greeting, string? netCoreRoot = null) =>
        FrameworkMSBuild.BuildAsync(app.PathOf(Project), new Dictionary<string, string> { ["Greeting"] = greeting, ["NetCoreRoot"] = netCoreRoot ?? DotnetRoot }, feed.Environment);

    private async Task<SampleCopy> RestoredAppAsync()
    {
        var app = feed.CopyApp();
        WriteProject(app);
        var restore = await DotnetCli.RunAsync(app.Directory, ["restore", "LiveDeployApp.csproj"], feed.Environment.ToDictionary(e => e.Key, e => (string?)e.Value));
        restore.ExitCode.ShouldBe(0, restore.Output);
        return app;
    }

    [Fact]
    public async Task Each_build_runs_the_net472_tasks_and_writes_the_change_set_of_what_it_changed()
    {
        using var app = await RestoredAppAsync();

        var first = await BuildAsync(app, "hello");
        first.ExitCode.ShouldBe(0, first.Output);
        first.Output.ShouldContain("MSBuildRuntimeType=Full");
        foreach (var step in new[] { "manifest", "changeset", "push" })
        {
            first.Output.ShouldContain($"{Path.Combine("tasks", "net10.0", "DotnetLive.Tasks.dll")} {step} ", Case.Sensitive, first.Output);
        }

        PackedTasksFeed.ChangeSet(app).Written.Select(w => w.Path).ShouldContain("LiveDeployApp.dll");
        first.Output.Split('\n').Count(l => l.Contains("dotnet-live: no live session for this project")).ShouldBe(1, first.Output);

        var edited = await BuildAsync(app, "edited");
        edited.ExitCode.ShouldBe(0, edited.Output);
        PackedTasksFeed.ChangeSet(app).Written.Select(w => w.Path).ShouldBe(["LiveDeployApp.dll", "LiveDeployApp.pdb"], ignoreOrder: true);

        var noop = await BuildAsync(app, "edited");
        noop.ExitCode.ShouldBe(0, noop.Output);
        noop.Output.ShouldContain("Skipping target \"_DotnetLiveWriteManifest\"");
        PackedTasksFeed.ChangeSet(app).ShouldSatisfyAllConditions(c => c.Written.ShouldBeEmpty(), c => c.Deleted.ShouldBeEmpty());
    }

    [Fact]
    public async Task A_build_updates_the_app_dotnet_live_runs()
    {
        using var app = await RestoredAppAsync();
        await using var tool = ToolRun.Start(app.Directory, feed.Environment, "--no-hot-reload");
        await tool.WaitDeployedAsync();
        (await Http.GetAsync(app.Url())).ShouldBe("hello");

        var build = await BuildAsync(app, "from-visual-studio");

        build.ExitCode.ShouldBe(0, build.Output);
        build.Output.ShouldContain("dotnet-live: updated the running app (local): 2 file(s)");
        (await Http.GetAsync(app.Url())).ShouldBe("from-visual-studio");
        (await tool.StopAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Without_the_SDKs_dotnet_host_the_build_warns_and_succeeds()
    {
        using var app = await RestoredAppAsync();
        var missing = app.Root.Combine("no-sdk-here");

        var build = await BuildAsync(app, "hello", missing);

        build.ExitCode.ShouldBe(0, build.Output);
        build.Output.ShouldContain($"warning DLIVE2103: dotnet-live: the .NET SDK's dotnet host '{Path.Combine(missing, "dotnet")}' was not found");
        File.Exists(app.PathOf("obj/Debug/net10.0/dotnet-live/changeset.json")).ShouldBeFalse();
    }
}
