using System.Text.Json;
using DotnetLive.Protocol.Errors;
using DotnetLive.Protocol.Messages;
using DotnetLive.Tool.UI;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tool.UI;

/// <summary>--json: each event one JSON object on its own line, with the fields the README lists.</summary>
public sealed class JsonReporterTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 21, 0, 0, TimeSpan.Zero);

    private static List<JsonElement> Lines(Action<JsonReporter> report)
    {
        var output = new StringWriter();
        report(new JsonReporter(output, verbose: false));
        return [.. output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
    }

    [Fact]
    public void A_build_that_fails_then_an_update_that_restarts_the_app()
    {
        var lines = Lines(r =>
        {
            r.Building("WebApi");
            r.BuildFailed([new BuildDiagnostic("/src/Program.cs", 3, 14, "CS1002", "; expected")], "/src");
            r.Error(Messages.BuildFailed, 1);
            r.Updated(new UpdateSummary(At, 2, 1024, 300, 20, 150, 480, ["WebApi.dll", "-old.json"]));
        });

        lines.Select(l => l.GetProperty("event").GetString()).ShouldBe(["buildStarted", "buildFailed", "error", "updated"]);
        var error = lines[1].GetProperty("errors")[0];
        error.GetProperty("file").GetString().ShouldBe("/src/Program.cs");
        error.GetProperty("line").GetInt32().ShouldBe(3);
        error.GetProperty("code").GetString().ShouldBe("CS1002");
        error.GetProperty("text").GetString().ShouldBe("Program.cs(3,14): error CS1002: ; expected");
        lines[2].GetProperty("code").GetString().ShouldBe(DiagnosticCodes.BuildFailed);
        lines[3].GetProperty("path").GetString().ShouldBe("restart");
        lines[3].GetProperty("editToServingMs").GetInt64().ShouldBe(480);
        lines[3].GetProperty("shipped").EnumerateArray().Select(e => e.GetString()).ShouldBe(["WebApi.dll", "-old.json"]);
        lines[3].GetProperty("at").GetDateTimeOffset().ShouldBe(At);
    }

    [Fact]
    public void The_path_an_edit_took_is_named()
    {
        var lines = Lines(r =>
        {
            r.HotReloaded(UpdateSummary.HotReloaded(At, 45), "C# changes applied in 45ms.");
            r.Updated(new UpdateSummary(At, 1, 10, 0, 5, 0, 40, ["wwwroot/site.css"], Restarted: false));
            r.Updated(new UpdateSummary(At, 1, 10, 200, 5, 100, 400, ["WebApi.dll"], Reason: "a rude edit (ENC0020)"));
        });

        lines.Where(l => l.GetProperty("event").GetString() == "updated").Select(l => l.GetProperty("path").GetString()).ShouldBe(["hotReload", "inPlace", "restart"]);
        lines.Last().GetProperty("reason").GetString().ShouldBe("a rude edit (ENC0020)");
    }

    [Fact]
    public void App_states_crashes_log_lines_and_pods()
    {
        var crash = new CrashReport("System.InvalidOperationException", "boom", ["at Program.<Main>$(String[] args) in /src/Program.cs:line 3"]);
        var lines = Lines(r =>
        {
            r.ReplicasConnected(["api-1", "api-2"]);
            r.App(new AppEvent(AppEventKind.Started, At, null, 42, null), "api-1");
            r.App(new AppEvent(AppEventKind.Stderr, At, "fail: boom", 42, null), "api-1");
            r.App(new AppEvent(AppEventKind.Exited, At, null, 42, 134, ExitReason.Crashed, crash), "api-1");
            r.App(new AppEvent(AppEventKind.Exited, At, null, 43, 0, ExitReason.Stopped));
        });

        lines[0].GetProperty("replicas").GetArrayLength().ShouldBe(2);
        lines[1].GetProperty("state").GetString().ShouldBe("started");
        lines[1].GetProperty("at").GetDateTimeOffset().ShouldBe(At);
        lines[1].GetProperty("pid").GetInt32().ShouldBe(42);
        lines[2].GetProperty("event").GetString().ShouldBe("log");
        lines[2].GetProperty("stream").GetString().ShouldBe("stderr");
        lines[3].GetProperty("state").GetString().ShouldBe("crashed");
        lines[3].GetProperty("crash").GetProperty("exceptionType").GetString().ShouldBe("System.InvalidOperationException");
        lines[3].GetProperty("crash").GetProperty("stackFrames").GetArrayLength().ShouldBe(1);
        lines[4].GetProperty("state").GetString().ShouldBe("stopped");
        lines[4].EnumerateObject().Select(p => p.Name).ShouldNotContain("replica");
    }

    [Fact]
    public void A_target_s_own_error_keeps_its_code()
    {
        var line = Lines(r => r.Error(Messages.ContainerFailed.Render("app", "port taken", "5080"))).Single();

        line.GetProperty("code").GetString().ShouldBe(DiagnosticCodes.ContainerFailed);
    }
}
