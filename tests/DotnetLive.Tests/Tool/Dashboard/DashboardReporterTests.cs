using System.Threading.Channels;
using DotnetLive.Protocol.Messages;
using DotnetLive.Tool.Dashboard;
using DotnetLive.Tool.UI;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tool.Dashboard;

/// <summary>What the dashboard is told of a service: its state from the build and the app, its pods, its log, where its commands go.</summary>
public sealed class DashboardReporterTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;
    private readonly SessionResources _resources = new("Shop");
    private readonly Channel<LoopCommand> _commands = Channel.CreateUnbounded<LoopCommand>();

    [Fact]
    public void A_web_service_is_building_then_starting_until_it_answers_then_running_and_a_crash_shows()
    {
        var api = Join("api", isWeb: true);
        State("api").ShouldBe(("Starting", "info"));

        api.Building("/src/Api/Api.csproj");
        State("api").ShouldBe(("Building", "info"));
        api.BuildSucceeded();
        api.App(new AppEvent(AppEventKind.Started, At, null, 41, null));
        State("api").ShouldBe(("Starting", "info"), "a web app runs once it answers");
        Resource("api").Properties["executable.pid"].ShouldBe("41");

        api.App(new AppEvent(AppEventKind.Ready, At, null, 41, null));
        State("api").ShouldBe(("Running", "success"));

        api.App(new AppEvent(AppEventKind.Exited, At, null, 41, 134, ExitReason.Crashed, new CrashReport("System.InvalidOperationException", "broken at start", ["at Program.<Main>$"])));
        State("api").ShouldBe(("Crashed", "error"));
        Resource("api").ShouldSatisfyAllConditions(
            r => r.Properties["resource.exitCode"].ShouldBe("134"),
            r => r.Properties.ShouldNotContainKey("executable.pid"),
            r => r.StoppedAt.ShouldBe(At));
        Lines("api").ShouldContain("[dotnet live] crashed: System.InvalidOperationException: broken at start");
    }

    [Fact]
    public void A_worker_runs_as_soon_as_it_started_and_one_that_ends_with_zero_has_exited()
    {
        var jobs = Join("jobs", isWeb: false);

        jobs.App(new AppEvent(AppEventKind.Started, At, null, 7, null));
        State("jobs").ShouldBe(("Running", "success"));
        jobs.App(new AppEvent(AppEventKind.Exited, At, null, 7, 0, ExitReason.Exited));
        State("jobs").ShouldBe(("Exited", "warning"));
    }

    [Fact]
    public void A_failed_build_shows_over_the_running_app_with_its_errors_in_the_log_until_the_next_update()
    {
        var api = Join("api", isWeb: true);
        api.App(new AppEvent(AppEventKind.Started, At, null, 41, null));
        api.App(new AppEvent(AppEventKind.Ready, At, null, 41, null));

        api.Building("/src/Api/Api.csproj");
        api.BuildFailed([new BuildDiagnostic("/src/Api/Greeting.cs", 4, 40, "CS1002", "; expected")], "/src/Api");
        State("api").ShouldBe(("Build failed", "error"));
        Resource("api").Properties["dotnetlive.build"].ShouldBe("failed: 1 error(s)");
        Lines("api").ShouldContain("[dotnet live] Greeting.cs(4,40): error CS1002: ; expected");

        api.Updated(new UpdateSummary(At, 1, 10, 300, 2, 200, 640, ["Api.dll"], Reason: "rude edit, ENC0011"));
        State("api").ShouldBe(("Running", "success"));
        Resource("api").Properties.ShouldNotContainKey("dotnetlive.build");
        Resource("api").Properties["dotnetlive.lastUpdate"].ShouldStartWith("restart (rude edit, ENC0011) · 1 file(s) · edit→serving 640 ms");
    }

    [Fact]
    public void Each_pod_is_a_resource_under_its_service_and_one_that_went_is_deleted()
    {
        var api = Join("api", isWeb: true);
        var (_, changes) = _resources.Watch(CancellationToken.None);

        api.ReplicasConnected(["api-1", "api-2"]);
        api.App(new AppEvent(AppEventKind.Started, At, null, 20, null), "api-1");
        api.App(new AppEvent(AppEventKind.Ready, At, null, 20, null), "api-1");
        api.App(new AppEvent(AppEventKind.Stdout, At, "hello from one", null, null), "api-1");

        Resource("api-1").ShouldSatisfyAllConditions(r => r.Type.ShouldBe(ResourceView.PodType), r => r.Parent.ShouldBe("api"));
        State("api-1").ShouldBe(("Running", "success"));
        State("api-2").ShouldBe(("Starting", "info"));
        Lines("api-1").ShouldBe(["hello from one"]);
        Lines("api").ShouldBe(["[api-1] hello from one"]);

        api.ReplicasConnected(["api-2"]);
        _resources.Resources.Select(r => r.Name).ShouldBe(["api", "api-2"]);
        var seen = new List<ResourceChange>();
        while (changes.TryRead(out var change))
        {
            seen.Add(change);
        }

        seen.ShouldContain(c => c.Deleted != null && c.Deleted.Name == "api-1");
        _resources.Send("api-2", LoopCommand.Restart).ShouldBeFalse("a pod has no commands of its own");
    }

    [Fact]
    public void A_command_goes_to_the_service_s_loop()
    {
        Join("api", isWeb: true);

        _resources.Send("api", LoopCommand.Restart).ShouldBeTrue();
        _resources.Send("nobody", LoopCommand.Restart).ShouldBeFalse();
        _commands.Reader.TryRead(out var command).ShouldBeTrue();
        command.ShouldBe(LoopCommand.Restart);
    }

    [Fact]
    public void A_log_is_numbered_follows_and_keeps_its_last_lines_only()
    {
        var api = Join("api", isWeb: true);
        var (before, later) = _resources.WatchLog("api", follow: true, CancellationToken.None);
        before.ShouldBeEmpty();

        for (var i = 1; i <= SessionResources.LogLinesKept + 5; i++)
        {
            api.App(new AppEvent(i % 2 == 0 ? AppEventKind.Stderr : AppEventKind.Stdout, At, $"line {i}", null, null));
        }

        later!.TryRead(out var first).ShouldBeTrue();
        first.ShouldBe(new LogLine(6, "line 6", StdErr: true), "a follower that falls behind loses the oldest lines");
        var (kept, _) = _resources.WatchLog("api", follow: false, CancellationToken.None);
        kept.Count.ShouldBe(SessionResources.LogLinesKept);
        kept[^1].ShouldBe(new LogLine(SessionResources.LogLinesKept + 5, $"line {SessionResources.LogLinesKept + 5}", StdErr: false));
    }

    private DashboardReporter Join(string name, bool isWeb)
    {
        _resources.Add(ResourceView.Service(name, $"/src/{name}/{name}.csproj", "local", At), _commands.Writer);
        return new DashboardReporter(_resources, name, isWeb, verbose: false);
    }

    private ResourceView Resource(string name) => _resources.Resources.Single(r => r.Name == name);

    private (string State, string Style) State(string name) => (Resource(name).State, Resource(name).StateStyle);

    private List<string> Lines(string name) => [.. _resources.WatchLog(name, follow: false, CancellationToken.None).Lines.Select(l => l.Text).Where(t => !t.StartsWith("[dotnet live] building", StringComparison.Ordinal))];
}
