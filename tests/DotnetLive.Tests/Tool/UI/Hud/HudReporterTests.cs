using DotnetLive.Protocol.Messages;
using DotnetLive.Tool.Build;
using DotnetLive.Tool.UI;
using DotnetLive.Tool.UI.Hud;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tool.UI.Hud;

/// <summary>The view model the events produce: errors until the next good build, a crash until the next successful start.</summary>
public sealed class HudReporterTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    [Fact]
    public void Build_errors_stay_until_the_next_good_build()
    {
        var hud = new HudReporter(verbose: false);

        hud.Building("WebApi");
        hud.Model.Build.ShouldBe(BuildStatus.Building);
        hud.BuildFailed([new BuildDiagnostic("/src/Greeting.cs", 4, 40, "CS1002", "; expected")], "/src");
        hud.Model.ShouldSatisfyAllConditions(m => m.Build.ShouldBe(BuildStatus.Failed), m => m.Errors.ShouldBe(["Greeting.cs(4,40): error CS1002: ; expected"]));

        hud.Building("WebApi");
        hud.Model.Errors.Count.ShouldBe(1);
        hud.Updated(new UpdateSummary(At, 2, 10, 1, 1, 1, 3, ["WebApi.dll"]));
        hud.Model.ShouldSatisfyAllConditions(m => m.Build.ShouldBe(BuildStatus.Idle), m => m.Errors.ShouldBeEmpty(), m => m.History.Count.ShouldBe(1));
    }

    [Fact]
    public void Each_pod_has_its_row_and_a_pod_that_went_loses_it()
    {
        var hud = new HudReporter(verbose: false);
        hud.Describe("WebApi", "kubernetes", []);

        hud.ReplicasConnected(["api-1", "api-2"]);
        hud.App(new AppEvent(AppEventKind.Started, At, null, 20, null), "api-1");
        hud.App(new AppEvent(AppEventKind.Ready, At, null, 20, null), "api-1");
        hud.App(new AppEvent(AppEventKind.Started, At, null, 21, null), "api-2");
        hud.App(new AppEvent(AppEventKind.Stdout, At, "listening", 21, null), "api-2");
        hud.Model.Replicas.ShouldBe([new ReplicaView("api-1", new AppStatus(AppState.Ready, 20, 1, null)), new ReplicaView("api-2", new AppStatus(AppState.Running, 21, 1, null))]);
        hud.Model.Logs.ShouldBe(["[api-2] listening"]);

        // api-1 was replaced by api-3: its row goes, api-2 keeps its state.
        hud.ReplicasConnected(["api-2", "api-3"]);
        hud.Model.Replicas.ShouldBe([new ReplicaView("api-2", new AppStatus(AppState.Running, 21, 1, null)), ReplicaView.NotStarted("api-3")]);
    }

    [Fact]
    public void A_crash_stays_until_the_app_is_ready_again_and_restarts_are_counted()
    {
        var hud = new HudReporter(verbose: false);
        var crash = new CrashReport("System.Exception", "boom", ["at Program.<Main>$(String[] args) in /src/Program.cs:line 3"]);

        hud.App(new AppEvent(AppEventKind.Started, At, null, 10, null));
        hud.App(new AppEvent(AppEventKind.Ready, At, null, 10, null));
        hud.App(new AppEvent(AppEventKind.Exited, At, null, 10, 134, ExitReason.Crashed, crash));
        hud.Model.Crash.ShouldBe(new CrashView("app", 134, crash));
        hud.Model.Replicas.Single().State.ShouldBe("crashed");

        hud.App(new AppEvent(AppEventKind.Started, At, null, 11, null));
        hud.Model.Crash.ShouldNotBeNull();
        hud.App(new AppEvent(AppEventKind.Ready, At, null, 11, null));
        hud.Model.Crash.ShouldBeNull();
        hud.Model.Replicas.Single().ShouldSatisfyAllConditions(r => r.State.ShouldBe("ready"), r => r.App.Restarts.ShouldBe(1), r => r.App.Pid.ShouldBe(11));
    }

    [Fact]
    public void Logs_and_history_are_bounded()
    {
        var hud = new HudReporter(verbose: false);

        for (var i = 0; i < HudModel.LogsKept + 10; i++)
        {
            hud.App(new AppEvent(AppEventKind.Stdout, At, $"line {i}", 1, null));
            hud.Updated(new UpdateSummary(At, 1, 1, 1, 1, 1, i, []));
        }

        hud.Model.Logs.Count.ShouldBe(HudModel.LogsKept);
        hud.Model.Logs[^1].ShouldBe($"[app] line {HudModel.LogsKept + 9}");
        hud.Model.History.Count.ShouldBe(HudModel.HistoryKept);
    }
}
