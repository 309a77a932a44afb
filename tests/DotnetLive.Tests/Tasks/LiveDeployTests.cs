using System.Diagnostics;
using DotnetLive.Protocol;
using DotnetLive.Protocol.Sessions;
using DotnetLive.Protocol.Wire;
using DotnetLive.Testing;
using DotnetLive.Tests.Integration;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tasks;

/// <summary>The DotnetLive.Tasks package in a user's project: `dotnet build` with LiveDeploy=true.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class LiveDeployTests(PackedTasksFeed feed) : IClassFixture<PackedTasksFeed>
{
    private const string NoSession = "dotnet-live: no live session for this project";

    private static string SessionPath(SampleCopy app) => app.PathOf("obj/dotnet-live/session.json");

    [Fact]
    public async Task Each_build_writes_the_change_set_of_exactly_the_outputs_it_changed()
    {
        using var app = feed.CopyApp();

        var first = await feed.BuildAsync(app);
        first.ExitCode.ShouldBe(0, first.Output);
        PackedTasksFeed.ChangeSet(app).Written.Select(w => w.Path).ShouldContain("LiveDeployApp.dll");
        first.Output.Split('\n').Count(l => l.Contains(NoSession)).ShouldBe(1, first.Output);

        var edited = await feed.BuildAsync(app, "-p:Greeting=edited");
        edited.ExitCode.ShouldBe(0, edited.Output);
        var changes = PackedTasksFeed.ChangeSet(app);
        changes.Written.Select(w => w.Path).ShouldBe(["LiveDeployApp.dll", "LiveDeployApp.pdb"], ignoreOrder: true);
        changes.Deleted.ShouldBeEmpty();
        changes.Bytes.ShouldBe(new FileInfo(app.PathOf("bin/Debug/net10.0/LiveDeployApp.dll")).Length + new FileInfo(app.PathOf("bin/Debug/net10.0/LiveDeployApp.pdb")).Length);

        var noop = await feed.BuildAsync(app, "-p:Greeting=edited");
        noop.ExitCode.ShouldBe(0, noop.Output);
        noop.Output.ShouldContain("Skipping target \"_DotnetLiveWriteManifest\"");
        PackedTasksFeed.ChangeSet(app).ShouldSatisfyAllConditions(c => c.Written.ShouldBeEmpty(), c => c.Deleted.ShouldBeEmpty());
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
        build.Output.ShouldContain("DLIVE5001");
        build.Output.ShouldContain("nothing was shipped");
        synclet.LiveFiles().ShouldBeEmpty();
    }
}
