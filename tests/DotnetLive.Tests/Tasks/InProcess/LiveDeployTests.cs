using System.Diagnostics;
using DotnetLive.Protocol;
using DotnetLive.Protocol.Sessions;
using DotnetLive.Protocol.Wire;
using DotnetLive.Testing;
using DotnetLive.Tests.Integration;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tasks.InProcess;

/// <summary>The DotnetLive.Tasks package in a user's project: `dotnet build` with LiveDeploy=true.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class LiveDeployTests(PackedTasksFeed feed) : IClassFixture<PackedTasksFeed>
{
    private const string NoSession = "dotnet-live: no live session for this project";

    private static string SessionPath(SampleCopy app) => app.PathOf("obj/dotnet-live/session.json");

    [Fact]
    public async Task Each_build_writes_the_manifest_of_its_outputs_and_only_what_it_changed_differs()
    {
        using var app = feed.CopyApp();

        var first = await feed.BuildAsync(app);
        first.ExitCode.ShouldBe(0, first.Output);
        var built = PackedTasksFeed.Manifest(app);
        built.TryGet("LiveDeployApp.dll", out _).ShouldBeTrue();
        first.Output.Split('\n').Count(l => l.Contains(NoSession)).ShouldBe(1, first.Output);

        var edited = await feed.BuildAsync(app, "-p:Greeting=edited");
        edited.ExitCode.ShouldBe(0, edited.Output);
        var changes = PackedTasksFeed.Changed(built, PackedTasksFeed.Manifest(app));
        changes.Writes.Select(w => w.Entry.Path).ShouldBe(["LiveDeployApp.dll", "LiveDeployApp.pdb"], ignoreOrder: true);
        changes.Deletes.ShouldBeEmpty();
        changes.UploadBytes.ShouldBe(new FileInfo(app.PathOf("bin/Debug/net10.0/LiveDeployApp.dll")).Length + new FileInfo(app.PathOf("bin/Debug/net10.0/LiveDeployApp.pdb")).Length);

        var before = PackedTasksFeed.Manifest(app);
        var noop = await feed.BuildAsync(app, "-p:Greeting=edited");
        noop.ExitCode.ShouldBe(0, noop.Output);
        noop.Output.ShouldContain("Skipping target \"_DotnetLiveWriteManifest\"");
        PackedTasksFeed.Changed(before, PackedTasksFeed.Manifest(app)).IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public async Task A_plain_dotnet_build_from_another_process_updates_the_app_dotnet_live_runs()
    {
        using var app = feed.CopyApp();
        await using var tool = ToolRun.Start(app.Directory, feed.Environment, "--no-hot-reload");
        await tool.WaitDeployedAsync();
        (await Http.GetAsync(app.Url())).ShouldBe("hello");
        File.Exists(SessionPath(app)).ShouldBeTrue();
        File.GetUnixFileMode(SessionPath(app)).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);

        // No source file changes, so the tool's own watcher has nothing to do: only the build can ship this.
        var build = await feed.BuildAsync(app, "-p:Greeting=from-another-build");

        build.ExitCode.ShouldBe(0, build.Output);
        build.Output.ShouldContain("dotnet-live: updated the running app (local): 2 file(s)");
        (await Http.GetAsync(app.Url())).ShouldBe("from-another-build");

        (await tool.StopAsync()).ShouldBe(0);
        File.Exists(SessionPath(app)).ShouldBeFalse();
    }

    /// <summary>The lock as `dotnet live` holds it while it builds (and as a LiveDeploy build holds it): an exclusive open.</summary>
    private static FileStream HoldBuildLock(SampleCopy app) =>
        new(app.PathOf("obj/Debug/net10.0/dotnet-live/build.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

    [Fact]
    public async Task A_build_waits_while_dotnet_live_builds_the_project_then_ships()
    {
        using var app = feed.CopyApp();
        await using var tool = ToolRun.Start(app.Directory, feed.Environment, "--no-hot-reload");
        await tool.WaitDeployedAsync();
        var dll = app.PathOf("bin/Debug/net10.0/LiveDeployApp.dll");
        var built = File.GetLastWriteTimeUtc(dll);

        var held = HoldBuildLock(app);
        await using var build = ToolRun.Dotnet(app.Directory, feed.Environment, "build", "-v", "n", "-p:Greeting=after-the-wait");
        using (held)
        {
            await build.WaitAsync("the build waiting", l => l.Contains("dotnet-live: waiting for another build of this project to finish"));
            File.GetLastWriteTimeUtc(dll).ShouldBe(built);
            (await Http.GetAsync(app.Url())).ShouldBe("hello");
        }

        (await build.ExitCodeAsync(120)).ShouldBe(0, build.Transcript);
        build.Output.Lines.ShouldContain(l => l.Contains("dotnet-live: updated the running app (local)"), build.Transcript);
        (await Http.GetAsync(app.Url())).ShouldBe("after-the-wait");
        (await tool.StopAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Two_builds_of_the_project_in_one_parallel_build_take_turns_without_waiting_for_the_whole_build()
    {
        using var app = feed.CopyApp();
        await using var tool = ToolRun.Start(app.Directory, feed.Environment, "--no-hot-reload");
        await tool.WaitDeployedAsync();
        app.Root.Write("LiveDeployApp/both.proj", """
            <Project>
              <ItemGroup>
                <App Include="LiveDeployApp.csproj" AdditionalProperties="Greeting=one" />
                <App Include="LiveDeployApp.csproj" AdditionalProperties="Greeting=two" />
              </ItemGroup>
              <Target Name="Build">
                <MSBuild Projects="@(App)" Targets="Build" BuildInParallel="true" />
              </Target>
            </Project>
            """);

        // Two nodes: the lock one project's build holds is not visible to the other's node.
        var build = await feed.BuildAsync(app, "both.proj", "-m:2");

        build.ExitCode.ShouldBe(0, build.Output);
        build.Output.ShouldNotContain("DLIVE2105");
        (await Http.GetAsync(app.Url())).ShouldBeOneOf("one", "two");
        (await tool.StopAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Dotnet_live_waits_while_another_build_of_the_project_runs_then_updates()
    {
        using var app = feed.CopyApp();
        await using var tool = ToolRun.Start(app.Directory, feed.Environment, "--no-hot-reload");
        await tool.WaitDeployedAsync();
        var mark = tool.Output.Count;

        using (HoldBuildLock(app))
        {
            app.Edit("Program.cs", ".Value);", ".Value + \"!\");");
            await tool.WaitAsync("the wait", l => l.Contains("waiting for another build of this project to finish"), mark);
            tool.Output.Lines.Skip(mark).ShouldNotContain(l => l.Contains("building LiveDeployApp"), tool.Transcript);
            (await Http.GetAsync(app.Url())).ShouldBe("hello");
        }

        await tool.WaitAsync("the update after the wait", l => l.Contains("updated: "), mark, 90);
        (await Http.GetAsync(app.Url())).ShouldBe("hello!");
        (await tool.StopAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_session_file_left_by_a_dead_tool_is_ignored_and_the_build_succeeds()
    {
        using var app = feed.CopyApp();
        using var ended = Process.Start(new ProcessStartInfo("true"))!;
        await ended.WaitForExitAsync();
        LiveSessionFile.Write(SessionPath(app), new LiveSessionInfo(ProtocolLimits.Version, ended.Id, DateTime.UtcNow.Ticks, "local", "127.0.0.1", 1, SessionToken.Create()));

        var build = await feed.BuildAsync(app);

        build.ExitCode.ShouldBe(0, build.Output);
        build.Output.ShouldContain("dotnet-live: ignored the stale session file");
    }

    [Fact]
    public async Task A_session_whose_token_the_synclet_refuses_ships_nothing_and_the_build_succeeds()
    {
        using var app = feed.CopyApp();
        await using var synclet = await SyncletHost.StartAsync();
        var (self, started) = LiveSessionFile.CurrentProcess();
        LiveSessionFile.Write(SessionPath(app), new LiveSessionInfo(ProtocolLimits.Version, self, started, "local", "127.0.0.1", synclet.Endpoint.Port, SessionToken.Create()));

        var build = await feed.BuildAsync(app);

        build.ExitCode.ShouldBe(0, build.Output);
        build.Output.ShouldContain("DLIVE5014"); // the synclet could not prove it holds the session file's token
        build.Output.ShouldContain("nothing was shipped");
        synclet.LiveFiles().ShouldBeEmpty();
    }
}
