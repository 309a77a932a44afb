using DotnetLive.Tool.HotReload;
using DotnetLive.Tool.UI;
using Shouldly;
using Xunit;
using static DotnetLive.Tool.HotReload.WatchDecision;

namespace DotnetLive.Tests.Tool.HotReload;

/// <summary>What dotnet watch's lines (SDK 10) decide in a Hot Reload session: no process, no clock, no reporter.</summary>
[Trait("Category", "Orchestration")]
public sealed class WatchEventsTests
{
    private const string Applied = "dotnet watch 🔥 [WebApi (net10.0)] C# and Razor changes applied in 55ms.";
    private const string FirstError = "dotnet watch ❌ [WebApi (net10.0)] /src/Greeting.cs(5,42): error CS1002: ; expected";
    private const string SecondError = "dotnet watch ❌ [WebApi (net10.0)] /src/Greeting.cs(7,1): error CS1513: } expected";
    private const string Started = "dotnet-live relay: started the app with Hot Reload (2 file(s), 29100 bytes shipped, restart 259 ms)";
    private const string Waiting = "dotnet watch 🕐 Waiting for changes";

    /// <summary>The engine session started from a build begun at 50; no code was saved since.</summary>
    private static readonly WatchClock NothingSaved = new(Now: 100, BuiltAt: 50, CodeSaved: 0);

    [Fact]
    public void An_applied_edit_is_reported_with_its_time_and_the_files_follow_it()
    {
        new WatchEvents().Read(Applied, NothingSaved).ShouldBe([new ReportHotReloaded("C# and Razor changes applied in 55ms.", 55), new ScheduleFollow()]);
    }

    [Fact]
    public void A_rude_edit_cancels_the_follow_and_restarts_the_app_beside_dotnet_watch_saying_why()
    {
        const string text = "Greeting.cs(1,1): error ENC0023: Adding an abstract method requires restarting the application.";

        new WatchEvents().Read("dotnet watch ⚠ [WebApi (net10.0)] " + text, NothingSaved)
            .ShouldBe([new CancelFollow(), new Verbose(text), new RestartBeside("ENC0023 Greeting.cs:1: Adding an abstract method requires restarting the application.")]);
        new WatchEvents().Read("dotnet watch ⌚ Restart is needed to apply the changes.", NothingSaved)
            .ShouldBe([new CancelFollow(), new Verbose("Restart is needed to apply the changes."), new RestartBeside("Restart is needed to apply the changes.")]);
    }

    [Fact]
    public void Compile_errors_are_gathered_until_the_lines_pause_and_each_is_shown_once()
    {
        var events = new WatchEvents();

        var first = events.Read(FirstError, NothingSaved).ShouldHaveSingleItem().ShouldBeOfType<GatherErrors>();
        var second = events.Read(SecondError, NothingSaved).ShouldHaveSingleItem().ShouldBeOfType<GatherErrors>();

        // dotnet watch prints each error again in its summary.
        events.Read(FirstError, NothingSaved).ShouldBeEmpty();
        events.ErrorsQuiet(first.Version).ShouldBeNull("a later error came: its own pause shows both");
        events.ErrorsQuiet(second.Version).ShouldBe([new BuildDiagnostic("/src/Greeting.cs", 5, 42, "CS1002", "; expected"), new BuildDiagnostic("/src/Greeting.cs", 7, 1, "CS1513", "} expected")]);
    }

    [Fact]
    public void A_good_compile_after_errors_were_shown_says_the_build_succeeded_once()
    {
        var events = new WatchEvents();
        var gathered = events.Read(FirstError, NothingSaved).ShouldHaveSingleItem().ShouldBeOfType<GatherErrors>();
        events.ErrorsQuiet(gathered.Version).ShouldNotBeNull();

        // dotnet watch's own build line changes nothing: the app has not got that build yet.
        events.Read("dotnet watch 🔨 Build succeeded: /src/WebApi.csproj", NothingSaved).ShouldBe([new Verbose("Build succeeded: /src/WebApi.csproj")]);
        events.Read(Applied, NothingSaved).ShouldBe([new ReportBuildSucceeded(), new ReportHotReloaded("C# and Razor changes applied in 55ms.", 55), new ScheduleFollow()]);
        events.Read(Applied, NothingSaved).ShouldBe([new ReportHotReloaded("C# and Razor changes applied in 55ms.", 55), new ScheduleFollow()]);
    }

    [Fact]
    public void Errors_a_good_compile_ends_before_the_lines_pause_are_never_shown()
    {
        var events = new WatchEvents();
        var gathered = events.Read(FirstError, NothingSaved).ShouldHaveSingleItem().ShouldBeOfType<GatherErrors>();

        events.Read(Started, NothingSaved).ShouldBe([new ReadStartupCode()], "not shown, so no build succeeded to say");
        events.ErrorsQuiet(gathered.Version).ShouldBeNull();
    }

    [Fact]
    public void The_relay_start_is_held_until_dotnet_watch_watches_then_said_once()
    {
        var events = new WatchEvents();

        events.Read(Started, NothingSaved).ShouldBe([new ReadStartupCode()]);
        events.WatchingAt.ShouldBe(long.MaxValue);
        events.Read(Waiting, NothingSaved with { Now = 300 })
            .ShouldBe([new Verbose("Waiting for changes"), new SayRelay("started the app with Hot Reload (2 file(s), 29100 bytes shipped, restart 259 ms)")]);
        events.WatchingAt.ShouldBe(300);

        // Watching already: the relay's next line is said at once.
        events.Read("dotnet-live relay: Hot Reload joined the running app (pid 41, not restarted)", NothingSaved)
            .ShouldBe([new ReadStartupCode(), new SayRelay("Hot Reload joined the running app (pid 41, not restarted)")]);
    }

    [Fact]
    public void Code_saved_before_dotnet_watch_watched_is_served_by_a_restart_not_by_saying_it_is_ready()
    {
        var events = new WatchEvents();
        events.Read(Started, NothingSaved);

        events.Read(Waiting, NothingSaved with { CodeSaved = 70 }).ShouldBe([new Verbose("Waiting for changes"), new RestartSavedWhileStarting()]);
        events.WatchingAt.ShouldBe(NothingSaved.Now);
    }

    [Fact]
    public void A_new_engine_session_forgets_that_the_last_one_watched()
    {
        var events = new WatchEvents();
        events.Read(Waiting, NothingSaved);

        events.NotWatching();

        events.WatchingAt.ShouldBe(long.MaxValue);
        events.Read(Started, NothingSaved).ShouldBe([new ReadStartupCode()]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_line_decides_nothing(string line) =>
        new WatchEvents().Read(line, NothingSaved).ShouldBeEmpty();

    [Fact]
    public void The_relays_own_failure_is_reported_as_it_is_and_its_other_lines_are_said()
    {
        var events = new WatchEvents();

        events.Read("20:01:02.345 error Connection refused (run with --verbose for details)", NothingSaved).ShouldBe([new ReportError("Connection refused (run with --verbose for details)")]);
        events.Read("dotnet-live relay: the Hot Reload tunnel closed (reset)", NothingSaved).ShouldBe([new SayRelay("the Hot Reload tunnel closed (reset)")]);
        events.Read("dotnet watch 🔥 [WebApi (net10.0)] Static asset changes applied in 3ms.", NothingSaved).ShouldBe([new Verbose("Static asset changes applied in 3ms.")]);
    }
}
