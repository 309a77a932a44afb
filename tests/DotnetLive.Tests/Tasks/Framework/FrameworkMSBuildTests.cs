using DotnetLive.Testing;
using DotnetLive.Tests.Integration;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tasks.Framework;

/// <summary>
/// The DotnetLive.Tasks package under MSBuild's .NET Framework engine, as Visual Studio builds: the
/// net472 tasks run the steps through the SDK's dotnet host. MSBuild 16.6 cannot load the .NET 10 SDK,
/// so the app project's own compile is left to it through Exec; everything the package does runs in
/// the Framework engine. The app lives in a folder with a space, and so does the package folder.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class FrameworkMSBuildTests(PackedTasksFeed feed) : IClassFixture<PackedTasksFeed>
{
    private const string Project = "LiveDeployApp.framework.proj";

    /// <summary>Where the SDK's props point $(NetCoreRoot): the folder of the `dotnet` on PATH, links resolved.</summary>
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
          <Target Name="BeforeBuild" />
          <Target Name="Build" DependsOnTargets="BeforeBuild">
            <Exec Command="env -u MSBUILD_EXE_PATH dotnet build LiveDeployApp.csproj -nologo -v q -p:LiveDeploy=false -p:Greeting=$(Greeting)" />
          </Target>
          <Import Project="obj/LiveDeployApp.csproj.nuget.g.targets" />
        </Project>
        """);

    /// <summary>Builds with $(NetCoreRoot) set as the SDK's props set it, or, given <paramref name="dotnetHostPath"/>, with DOTNET_HOST_PATH only.</summary>
    private Task<(int ExitCode, string Output)> BuildAsync(SampleCopy app, string greeting, string? netCoreRoot = null, string? dotnetHostPath = null)
    {
        var properties = new Dictionary<string, string> { ["Greeting"] = greeting };
        var environment = new Dictionary<string, string>(feed.Environment);
        if (dotnetHostPath is null)
        {
            properties["NetCoreRoot"] = netCoreRoot ?? DotnetRoot;
        }
        else
        {
            environment["DOTNET_HOST_PATH"] = dotnetHostPath;
        }

        return FrameworkMSBuild.BuildAsync(app.PathOf(Project), properties, environment);
    }

    private async Task<SampleCopy> RestoredAppAsync()
    {
        var app = feed.CopyApp("Live Deploy App");
        WriteProject(app);
        var restore = await DotnetCli.RunAsync(app.Directory, ["restore", "LiveDeployApp.csproj"], feed.Environment.ToDictionary(e => e.Key, e => (string?)e.Value));
        restore.ExitCode.ShouldBe(0, restore.Output);
        return app;
    }

    private static int Lines(string output, string text) => output.Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal));

    [Fact]
    public async Task Each_build_runs_the_net472_tasks_and_writes_the_manifest_of_its_outputs()
    {
        using var app = await RestoredAppAsync();

        var first = await BuildAsync(app, "hello");
        first.ExitCode.ShouldBe(0, first.Output);
        first.Output.ShouldContain("MSBuildRuntimeType=Full");
        first.Output.ShouldContain($"{Path.Combine("tasks", "net10.0", "DotnetLive.Tasks.dll")}\" manifest ", Case.Sensitive, first.Output);
        var built = PackedTasksFeed.Manifest(app);
        built.TryGet("LiveDeployApp.dll", out _).ShouldBeTrue();
        Lines(first.Output, "dotnet-live: no live session for this project").ShouldBe(1, first.Output);

        var edited = await BuildAsync(app, "edited");
        edited.ExitCode.ShouldBe(0, edited.Output);
        var changed = PackedTasksFeed.Manifest(app);
        PackedTasksFeed.Changed(built, changed).Writes.Select(w => w.Entry.Path).ShouldBe(["LiveDeployApp.dll", "LiveDeployApp.pdb"], ignoreOrder: true);

        var noop = await BuildAsync(app, "edited");
        noop.ExitCode.ShouldBe(0, noop.Output);
        noop.Output.ShouldContain("Skipping target \"_DotnetLiveWriteManifest\"");
        PackedTasksFeed.Changed(changed, PackedTasksFeed.Manifest(app)).IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public async Task A_build_updates_the_app_dotnet_live_runs_through_the_host_DOTNET_HOST_PATH_names()
    {
        using var app = await RestoredAppAsync();
        await using var tool = ToolRun.Start(app.Directory, feed.Environment, "--no-hot-reload");
        await tool.WaitDeployedAsync();
        (await Http.GetAsync(app.Url())).ShouldBe("hello");

        var build = await BuildAsync(app, "from-visual-studio", dotnetHostPath: Path.Combine(DotnetRoot, "dotnet"));

        build.ExitCode.ShouldBe(0, build.Output);
        build.Output.ShouldContain($"{Path.Combine("tasks", "net10.0", "DotnetLive.Tasks.dll")}\" push ");
        build.Output.IndexOf("dotnet-live: took the build lock", StringComparison.Ordinal).ShouldBeInRange(0, build.Output.IndexOf("Target Build", StringComparison.Ordinal), build.Output);
        build.Output.ShouldContain("dotnet-live: updated the running app (local): 2 file(s)");
        (await Http.GetAsync(app.Url())).ShouldBe("from-visual-studio");
        (await tool.StopAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Without_the_SDKs_dotnet_host_the_build_warns_once_and_succeeds()
    {
        using var app = await RestoredAppAsync();
        var missing = app.Root.Combine("no-sdk-here");

        var build = await BuildAsync(app, "hello", netCoreRoot: missing);

        build.ExitCode.ShouldBe(0, build.Output);
        var log = build.Output[..build.Output.LastIndexOf("Build succeeded.", StringComparison.Ordinal)]; // Not the summary, which repeats warnings.
        Lines(log, $"warning DLIVE2103: dotnet-live: the .NET SDK's dotnet host '{Path.Combine(missing, "dotnet")}' was not found").ShouldBe(1, build.Output);
        File.Exists(app.PathOf("obj/Debug/net10.0/dotnet-live/manifest.json")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_host_that_cannot_run_the_step_is_a_warning_with_what_it_said()
    {
        using var app = await RestoredAppAsync();
        // What a dotnet without the .NET 10 runtime does: a message on stderr, exit code 150.
        var oldHost = app.Root.Write("old-sdk/dotnet", "#!/bin/sh\necho 'You must install or update .NET to run this application.' >&2\nexit 150\n");
        File.SetUnixFileMode(oldHost, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var build = await BuildAsync(app, "hello", dotnetHostPath: oldHost);

        build.ExitCode.ShouldBe(0, build.Output);
        build.Output.ShouldContain("You must install or update .NET to run this application.");
        build.Output.ShouldContain("warning DLIVE2104");
        build.Output.ShouldContain("exited with code 150");
    }

    [Fact]
    public async Task An_error_the_step_reports_fails_the_build_with_its_code()
    {
        using var app = await RestoredAppAsync();
        // The manifest cannot be written where a folder of that name stands.
        Directory.CreateDirectory(app.PathOf("obj/Debug/net10.0/dotnet-live/manifest.json"));

        var build = await BuildAsync(app, "hello");

        build.ExitCode.ShouldBe(1, build.Output);
        build.Output.ShouldContain("error DLIVE2101: dotnet-live could not write the output manifest");
        build.Output.ShouldNotContain("DLIVE2104");
    }
}
