using DotnetLive.Protocol.Messages;
using DotnetLive.Tests.Fakes;
using DotnetLive.Tool.Cli;
using DotnetLive.Tool.UI;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tool.Cli;

/// <summary>`dotnet live ci` over several services: up when every one is, failed as soon as one fails.</summary>
public sealed class CiWatchesTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    [Fact]
    public async Task Up_only_once_every_service_ran_to_its_end_or_stays_up()
    {
        var watches = new CiWatches(_ => new RecordingReporter());
        var api = watches.For("api");
        var jobs = watches.For("jobs");
        var verdict = watches.Verdict();

        api.App(new AppEvent(AppEventKind.Exited, At, null, 10, 0, ExitReason.Exited));
        await Task.Delay(300);
        verdict.IsCompleted.ShouldBeFalse();
        watches.LastSeen.ShouldBe("api: ran to exit code 0, jobs: not started");

        jobs.App(new AppEvent(AppEventKind.Exited, At, null, 11, 0, ExitReason.Exited));
        (await verdict.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeNull();
    }

    [Fact]
    public async Task One_crash_fails_at_once_and_the_service_is_named()
    {
        var reporters = new Dictionary<string, RecordingReporter>();
        var watches = new CiWatches(name => reporters[name] = new RecordingReporter());
        watches.For("api");
        var jobs = watches.For("jobs");

        jobs.App(new AppEvent(AppEventKind.Exited, At, null, 11, 134, ExitReason.Crashed, new CrashReport("System.InvalidOperationException", "no queue", ["at Program.<Main>$ in /src/Program.cs:line 3"])));

        var failure = (await watches.Verdict().WaitAsync(TimeSpan.FromSeconds(10))).ShouldNotBeNull();
        failure.Message.ShouldContain("System.InvalidOperationException: no queue");
        reporters["jobs"].Told(Messages.CiServiceFailed).ShouldBeTrue();
    }
}
