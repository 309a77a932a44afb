using System.Text.Json;
using DotnetLive.Protocol;
using DotnetLive.Protocol.Messages;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Protocol.Messages;

public sealed class AppStatusTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 20, 0, 0, TimeSpan.Zero);

    private static AppEvent Exit(ExitReason reason, int code) => new(AppEventKind.Exited, At, null, 7, code, reason);

    [Fact]
    public void A_start_a_readiness_and_an_exit_move_the_app_on_and_log_lines_do_not()
    {
        var started = AppStatus.NotStarted.After(new AppEvent(AppEventKind.Started, At, null, 7, null));
        started.ShouldBe(new AppStatus(AppState.Running, 7, 1, null));
        started.IsUp.ShouldBeTrue();
        started.After(new AppEvent(AppEventKind.Stdout, At, "hello", 7, null)).ShouldBe(started);

        var ready = started.After(new AppEvent(AppEventKind.Ready, At, null, 7, null));
        ready.State.ShouldBe(AppState.Ready);

        var restarted = ready.After(Exit(ExitReason.Stopped, 0)).After(new AppEvent(AppEventKind.Started, At, null, 8, null));
        restarted.ShouldBe(new AppStatus(AppState.Running, 8, 2, 0));
        restarted.Restarts.ShouldBe(1);
    }

    [Theory]
    [InlineData("Stopped", 0, "Stopped")]
    [InlineData("Stopped", 143, "Stopped")]
    [InlineData("Exited", 0, "Exited")]
    [InlineData("Crashed", 134, "Crashed")]
    public void An_exit_s_reason_decides_the_state_not_its_code(string reason, int code, string expected)
    {
        var exited = new AppStatus(AppState.Ready, 7, 1, null).After(Exit(Enum.Parse<ExitReason>(reason), code));

        exited.ShouldBe(new AppStatus(Enum.Parse<AppState>(expected), null, 1, code));
        exited.IsUp.ShouldBeFalse();
    }

    [Fact]
    public void States_kinds_and_reasons_travel_as_names()
    {
        var json = JsonSerializer.Serialize(Exit(ExitReason.Crashed, 134), ProtocolJson.Default.AppEvent);

        json.ShouldContain("\"kind\":\"Exited\"");
        json.ShouldContain("\"reason\":\"Crashed\"");
        JsonSerializer.Deserialize(json, ProtocolJson.Default.AppEvent).ShouldBe(Exit(ExitReason.Crashed, 134));
    }
}
