using DotnetLive.Protocol.Messages;
using DotnetLive.Synclet.Supervision;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Synclet.Supervision;

public sealed class EventHubTests
{
    private static AppEvent Line(string text) => new(AppEventKind.Stdout, DateTimeOffset.UtcNow, text, 1, null);

    [Fact]
    public void A_huge_line_is_cut_and_says_so()
    {
        var hub = new EventHub();
        var reader = hub.Subscribe();

        hub.Publish(Line(new string('x', 100_000)));

        reader.TryRead(out var cut).ShouldBeTrue();
        cut!.Text!.Length.ShouldBeLessThan(EventHub.MaxLineChars + 100);
        cut.Text.ShouldStartWith(new string('x', EventHub.MaxLineChars));
        cut.Text.ShouldEndWith($"({100_000 - EventHub.MaxLineChars} more characters cut by dotnet-live)");
    }

    [Fact]
    public void A_slow_client_keeps_the_newest_lines_only()
    {
        var hub = new EventHub();
        var reader = hub.Subscribe();

        for (var i = 0; i < EventHub.BufferedEventsPerClient + 10; i++)
        {
            hub.Publish(Line($"line {i}"));
        }

        reader.Count.ShouldBe(EventHub.BufferedEventsPerClient);
        reader.TryRead(out var oldest).ShouldBeTrue();
        oldest!.Text.ShouldBe("line 10");
    }
}
