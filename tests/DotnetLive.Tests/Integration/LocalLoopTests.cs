using DotnetLive.Protocol.Sessions;
using System.Text.RegularExpressions;
using DotnetLive.Testing;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Integration;

/// <summary>The real tool, real MSBuild, real synclet and real app, on a copy of a sample.</summary>
[Collection(IntegrationCollection.Name)]
public sealed partial class LocalLoopTests
{
    private const int FirstDeploySeconds = 180;
    private const int UpdateSeconds = 90;

    [Fact]
    public async Task An_edit_to_the_web_api_is_served_after_one_restart_shipping_only_the_changed_files()
    {
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        await using var tool = ToolRun.Start(sample.Directory, "--no-hot-reload", "--verbose");
        await tool.WaitDeployedAsync();
        (await Http.GetAsync(sample.Url())).ShouldBe("Hello from dotnet-live!");
        var pidBefore = await Http.GetAsync(sample.Url("/pid"));
        var mark = tool.Output.Count;

        sample.Edit("Greeting.cs", "Hello from dotnet-live!", "Hello, edited!");

        var updated = await tool.WaitAsync("the update line", l => l.Contains("updated: "), mark, UpdateSeconds);
        (await Http.GetAsync(sample.Url())).ShouldBe("Hello, edited!");
        (await Http.GetAsync(sample.Url("/pid"))).ShouldNotBe(pidBefore);

        // The session's token is in no environment or command line of the synclet, the app or anything they started.
        var token = LiveSessionFile.Read(sample.PathOf("obj/dotnet-live/session.json")).ShouldNotBeNull().Token;
        var processes = Processes.Mentioning(sample.Directory);
        processes.ShouldContain(p => p.CommandLine.Contains("DotnetLive.Synclet.dll"));
        foreach (var (pid, commandLine) in processes)
        {
            commandLine.ShouldNotContain(token);
            File.ReadAllText($"/proc/{pid}/environ").ShouldNotContain(token);
        }

        var lines = tool.Output.Lines.Skip(mark).Take(updated - mark + 1).ToList();
        lines.Count(l => l.Contains("app started (pid")).ShouldBe(1, tool.Transcript);
        var shipped = lines.Single(l => l.Contains("shipped: "));
        shipped[(shipped.IndexOf("shipped: ", StringComparison.Ordinal) + 9)..].Split(", ").ShouldBe(["WebApi.dll", "WebApi.pdb"], ignoreOrder: true);
        var numbers = UpdateLine().Match(tool.Output.Lines[updated]);
        numbers.Success.ShouldBeTrue(tool.Output.Lines[updated]);
        numbers.Groups["files"].Value.ShouldBe("2");
        long.Parse(numbers.Groups["bytes"].Value).ShouldBe(
            new FileInfo(Path.Combine(sample.Directory, "bin/Debug/net10.0/WebApi.dll")).Length +
            new FileInfo(Path.Combine(sample.Directory, "bin/Debug/net10.0/WebApi.pdb")).Length);

        (await tool.StopAsync()).ShouldBe(0);
        Processes.Mentioning(sample.Directory).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_build_error_is_shown_with_file_and_line_and_the_old_app_keeps_serving()
    {
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        await using var tool = ToolRun.Start(sample.Directory, "--no-hot-reload");
        await tool.WaitDeployedAsync();
        var mark = tool.Output.Count;

        sample.Edit("Greeting.cs", "\"Hello from dotnet-live!\";", "\"broken\"");

        await tool.WaitAsync("the compiler error", l => l.Contains("Greeting.cs(5,") && l.Contains("error CS1002"), mark, UpdateSeconds);
        await tool.WaitAsync("the build-failed summary", l => l.Contains("DLIVE2003"), mark, UpdateSeconds);
        (await Http.GetAsync(sample.Url())).ShouldBe("Hello from dotnet-live!");

        mark = tool.Output.Count;
        sample.Edit("Greeting.cs", "\"broken\"", "\"fixed\";");
        await tool.WaitAsync("the update line", l => l.Contains("updated: "), mark, UpdateSeconds);
        (await Http.GetAsync(sample.Url())).ShouldBe("fixed");

        (await tool.StopAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task With_json_every_line_is_one_event_a_build_error_names_its_file_and_line_and_the_fix_says_its_path()
    {
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        await using var tool = ToolRun.Start(sample.Directory, "--json", "--no-hot-reload");
        static bool Is(string line, string kind) => line.StartsWith($"{{\"event\":\"{kind}\"", StringComparison.Ordinal);
        await tool.WaitAsync("the app ready", l => Is(l, "app") && l.Contains("\"state\":\"ready\""), seconds: FirstDeploySeconds);
        var mark = tool.Output.Count;

        sample.Edit("Greeting.cs", "\"Hello from dotnet-live!\";", "\"broken\"");
        var failed = await tool.WaitAsync("the build's errors", l => Is(l, "buildFailed"), mark, UpdateSeconds);
        mark = tool.Output.Count;
        sample.Edit("Greeting.cs", "\"broken\"", "\"fixed\";");
        var updated = await tool.WaitAsync("the update", l => Is(l, "updated"), mark, UpdateSeconds);
        (await Http.GetAsync(sample.Url())).ShouldBe("fixed");
        (await tool.StopAsync()).ShouldBe(0);

        // Nothing but events, on stdout and stderr alike.
        var events = tool.Output.Lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        events.ShouldAllBe(e => e.GetProperty("event").GetString() != null);
        var error = events[failed].GetProperty("errors")[0];
        error.GetProperty("file").GetString().ShouldEndWith("Greeting.cs");
        error.GetProperty("line").GetInt32().ShouldBe(5);
        error.GetProperty("code").GetString().ShouldBe("CS1002");
        events[updated].GetProperty("path").GetString().ShouldBe("restart");
        events[updated].GetProperty("shipped").EnumerateArray().Select(p => p.GetString()).ShouldBe(["WebApi.dll", "WebApi.pdb"], ignoreOrder: true);
    }

    [Fact]
    public async Task An_app_that_throws_at_start_up_shows_the_exception_and_a_frame_of_user_code_until_a_good_edit()
    {
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        await using var tool = ToolRun.Start(sample.Directory, "--no-hot-reload");
        await tool.WaitDeployedAsync();
        var mark = tool.Output.Count;

        sample.Edit("Program.cs", "var app = builder.Build();", "var app = builder.Build();\nif (args.Length == 0) throw new InvalidOperationException(\"no arguments\");");

        await tool.WaitAsync("the crash report", l => l.Contains("app crashed (exit code 134): System.InvalidOperationException: no arguments"), mark, UpdateSeconds);
        await tool.WaitAsync("a frame of the user's code", l => l.Contains("at Program.<Main>$(String[] args) in " + sample.PathOf("Program.cs") + ":line 3"), mark, UpdateSeconds);
        mark = await tool.WaitAsync("the crashing update's line", l => l.Contains("updated: "), mark, UpdateSeconds) + 1;

        sample.Edit("Program.cs", "\nif (args.Length == 0) throw new InvalidOperationException(\"no arguments\");", "");
        await tool.WaitAsync("the update line", l => l.Contains("updated: "), mark, UpdateSeconds);
        (await Http.GetAsync(sample.Url())).ShouldBe("Hello from dotnet-live!");
        (await tool.StopAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task An_edit_to_the_worker_shows_in_its_output()
    {
        using var sample = new SampleCopy(Repository.Sample("Worker"));
        await using var tool = ToolRun.Start(sample.Directory, "--no-hot-reload", "--verbose");
        await tool.WaitAsync("the worker's first line", l => l.Contains("[app] Worker says hello (tick 0)"), seconds: FirstDeploySeconds);
        var mark = tool.Output.Count;

        sample.Edit("Message.cs", "Worker says hello", "Worker was edited");

        var update = await tool.WaitAsync("the update line", l => l.Contains("updated: "), mark, UpdateSeconds);
        await tool.WaitAsync("the edited worker's line", l => l.Contains("[app] Worker was edited (tick 0)"), mark, UpdateSeconds);
        // The old worker stopped gracefully on SIGTERM before the new one started.
        tool.Output.Lines.Skip(mark).Take(update - mark).ShouldContain(l => l.Contains("[app] worker stopped"));

        (await tool.StopAsync()).ShouldBe(0);
        Processes.Mentioning(sample.Directory).ShouldBeEmpty();
    }

    [Fact]
    public async Task Killing_the_tool_outright_still_leaves_no_process_behind()
    {
        using var sample = new SampleCopy(Repository.Sample("Worker"));
        await using var tool = ToolRun.Start(sample.Directory, "--no-hot-reload");
        await tool.WaitAsync("the worker's first line", l => l.Contains("[app] Worker says hello"), seconds: FirstDeploySeconds);
        Processes.Mentioning(sample.Directory).Count.ShouldBeGreaterThanOrEqualTo(2);

        Processes.Signal(tool.Pid, 9);
        await tool.ExitCodeAsync();

        // The synclet sees its stdin close and stops the app: wait on that, not on a clock.
        await Eventually.UntilAsync("no process of the session to be left", () => Processes.Mentioning(sample.Directory).Count == 0, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));
    }

    [GeneratedRegex(@"updated: (?<files>\d+) file\(s\), (?<bytes>\d+) bytes shipped · build (?<build>\d+) ms · sync (?<sync>\d+) ms · restart (?<restart>\d+) ms · edit→serving (?<total>\d+) ms")]
    private static partial Regex UpdateLine();
}
