using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Sessions;
using DotnetLive.Testing;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Integration;

/// <summary>
/// Hot Reload through the user's own SDK (dotnet watch) into a real app: locally, and in a real container
/// through the synclet's tunnel. The process id the app reports tells an in-place update from a restart.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class HotReloadTests
{
    /// <summary>The static class made an instance one, with new text: an edit Hot Reload cannot apply (a rude edit).</summary>
    private const string RudeEdit = """
        class Greeting
        {
            public static string Text => "Restarted after a rude edit";
        }
        """;

    [Fact]
    public async Task Locally_a_body_edit_is_applied_in_place_and_a_rude_edit_restarts_the_app()
    {
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        await using var tool = ToolRun.Start(sample.Directory, "--verbose");
        await EditsAsync(sample, tool);
        (await tool.StopAsync()).ShouldBe(0, tool.Transcript);

        // SIGTERM ends the whole session: a second after the tool, no process of it is left (dotnet watch, its builds, the relay, the synclet, the app).
        await Task.Delay(TimeSpan.FromSeconds(1));
        Processes.Mentioning(sample.Directory).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_edit_to_the_top_level_statements_restarts_the_app_and_a_start_up_crash_never_sticks()
    {
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        sample.Edit("Program.cs", "app.MapGet(\"/\",", "var home = \"/\";\napp.MapGet(home,");
        await using var tool = ToolRun.Start(sample.Directory, "--verbose");
        await tool.WaitHotReloadStartedAsync();
        var mark = tool.Output.Count;

        // A route renamed in Program.cs (a value Hot Reload would apply to a Main that has run already): the app restarts and serves it.
        sample.Edit("Program.cs", "var home = \"/\";", "var home = \"/home\";");
        await Http.WaitForTextAsync(sample.Url("/home"), "Hello from dotnet-live!", 60);
        await tool.WaitAsync("the restart line", l => l.Contains("restarted: Program.cs top-level statements"), mark, 30);
        await tool.WaitAsync("the engine joining the app", l => l.Contains("Hot Reload joined the running app"), mark, 120);

        // A crash at start-up, then its fix, ten times in a row: every fix is served.
        for (var round = 1; round <= 10; round++)
        {
            mark = tool.Output.Count;
            var crash = $"throw new InvalidOperationException(\"boom {round}\");";
            sample.Edit("Program.cs", "var app = builder.Build();", "var app = builder.Build();\n" + crash);
            await tool.WaitAsync($"crash {round}", l => l.Contains("app crashed") && l.Contains($"boom {round}"), mark, 60);
            sample.Edit("Program.cs", "\n" + crash, "");
            await Http.WaitForTextAsync(sample.Url("/home"), "Hello from dotnet-live!", 30);
        }

        // And Hot Reload is back: a body edit is applied in place.
        await tool.WaitAsync("the engine joining the app", l => l.Contains("Hot Reload joined the running app"), mark, 120);
        var pid = await Http.GetAsync(sample.Url("/pid"));
        mark = tool.Output.Count;
        sample.Edit("Greeting.cs", "Hello from dotnet-live!", "Hot reloaded after the crashes");
        await Http.WaitForTextAsync(sample.Url("/home"), "Hot reloaded after the crashes", 60);
        await tool.WaitAsync("the hot reload line", l => l.Contains("hot reload: "), mark, 30);
        (await Http.GetAsync(sample.Url("/pid"))).ShouldBe(pid, "a body edit is applied in place");
        (await tool.StopAsync()).ShouldBe(0, tool.Transcript);
    }

    [Fact]
    public async Task An_app_that_crashes_as_an_edit_is_applied_is_restarted_with_the_edit()
    {
        // A handler the runtime calls on every applied edit, which takes the app down the way Blazor's
        // re-render of a response in flight can (an exception on another thread).
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        File.WriteAllText(sample.PathOf("Crasher.cs"), """
            [assembly: System.Reflection.Metadata.MetadataUpdateHandler(typeof(Crasher))]

            internal static class Crasher
            {
                public static void UpdateApplication(Type[]? types) => new Thread(() => throw new InvalidOperationException("the update handler failed")).Start();
            }
            """);
        await using var tool = ToolRun.Start(sample.Directory, "--verbose");
        await tool.WaitHotReloadStartedAsync();
        var mark = tool.Output.Count;

        sample.Edit("Greeting.cs", "Hello from dotnet-live!", "Served after the crash");

        await tool.WaitAsync("the crash", l => l.Contains("app crashed") && l.Contains("the update handler failed"), mark, 60);
        await Http.WaitForTextAsync(sample.Url(), "Served after the crash", 60);
        await tool.WaitAsync("the restart line", l => l.Contains("restarted: the app crashed as an edit was applied to it"), mark, 30);
        (await tool.StopAsync()).ShouldBe(0, tool.Transcript);
    }

    [Fact]
    public async Task In_a_container_a_body_edit_is_applied_in_place_through_the_tunnel_and_a_rude_edit_restarts_the_app()
    {
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        try
        {
            await using (var tool = ToolRun.Start(sample.Directory, "--target", "docker", "--verbose"))
            {
                var container = "";
                await EditsAsync(sample, tool, async () =>
                {
                    // The agent's pipe is inside the container: a Unix socket of the synclet's, owner-only.
                    container = (await DockerCli.ContainersOfAsync(sample.PathOf("WebApi.csproj"))).ShouldHaveSingleItem();
                    (await DockerCli.RunAsync("exec", container, "sh", "-c", "ls -l /tmp/CoreFxPipe_*")).ShouldStartWith("srw-------");
                });

                // The plain start that ended the session listens on no pipe.
                (await DockerCli.RunAsync("exec", container, "sh", "-c", "ls /tmp | grep -c CoreFxPipe_ || true")).Trim().ShouldBe("0");
                (await tool.StopAsync()).ShouldBe(0, tool.Transcript);
            }
        }
        finally
        {
            await using var down = ToolRun.Start(sample.Directory, "down");
            (await down.ExitCodeAsync()).ShouldBe(0, down.Transcript);
        }
    }

    [Fact]
    public async Task On_the_chiseled_image_as_its_own_non_root_user_an_edit_is_hot_reloaded()
    {
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        try
        {
            await using var tool = ToolRun.Start(sample.Directory, "--target", "docker", "--property", "LiveBaseImage=mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled");
            await tool.WaitHotReloadStartedAsync();
            var pid = await Http.GetAsync(sample.Url("/pid"));

            sample.Edit("Greeting.cs", "Hello from dotnet-live!", "Hot reloaded as uid 1654");

            await Http.WaitForTextAsync(sample.Url(), "Hot reloaded as uid 1654", 90);
            (await Http.GetAsync(sample.Url("/pid"))).ShouldBe(pid);
            var container = (await DockerCli.ContainersOfAsync(sample.PathOf("WebApi.csproj"))).ShouldHaveSingleItem();
            (await DockerCli.RunAsync("inspect", "-f", "{{.Config.User}} {{.HostConfig.Privileged}}", container)).Trim().ShouldBe("1654 false");
            (await tool.StopAsync()).ShouldBe(0, tool.Transcript);
        }
        finally
        {
            await using var down = ToolRun.Start(sample.Directory, "down");
            (await down.ExitCodeAsync()).ShouldBe(0, down.Transcript);
        }
    }

    [Fact]
    public async Task A_killed_tool_leaves_no_relay_and_the_next_session_stops_the_dotnet_watch_it_left()
    {
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        var watchPid = sample.PathOf("obj/dotnet-live/watch.pid");
        int leftover;
        await using (var killed = ToolRun.Start(sample.Directory))
        {
            await killed.WaitHotReloadStartedAsync();
            leftover = int.Parse(File.ReadAllText(watchPid).Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            Processes.Signal(killed.Pid, 9);
            await killed.ExitCodeAsync();
        }

        // SIGKILL runs no cleanup: dotnet watch outlives the tool, the relay notices and ends.
        using var watch = System.Diagnostics.Process.GetProcessById(leftover);
        watch.HasExited.ShouldBeFalse();
        await Eventually.UntilAsync("the relay to end", () => !Processes.Mentioning(sample.Directory).Any(p => p.CommandLine.Contains(" relay ", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));

        await using var next = ToolRun.Start(sample.Directory, "--verbose");
        await next.WaitHotReloadStartedAsync();
        await Eventually.UntilAsync($"the leftover dotnet watch (pid {leftover}) to exit", () => watch.HasExited, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
        next.Transcript.ShouldContain($"stopping the dotnet watch (pid {leftover})");
        (await next.StopAsync()).ShouldBe(0, next.Transcript);
        File.Exists(watchPid).ShouldBeFalse();
    }

    [Fact]
    public async Task With_no_hot_reload_a_body_edit_restarts_the_app()
    {
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        await using var tool = ToolRun.Start(sample.Directory, "--no-hot-reload");
        await tool.WaitDeployedAsync();
        var pid = await Http.GetAsync(sample.Url("/pid"));

        sample.Edit("Greeting.cs", "Hello from dotnet-live!", "Restarted");

        await Http.WaitForTextAsync(sample.Url(), "Restarted", 90);
        (await Http.GetAsync(sample.Url("/pid"))).ShouldNotBe(pid);
        tool.Transcript.ShouldNotContain("dotnet watch");
    }

    /// <summary>The restart command, as any client holding the session's token (the HUD, a LiveDeploy build) can send it.</summary>
    private static async Task RestartThroughTheSessionAsync(SampleCopy sample)
    {
        var session = LiveSessionFile.Read(sample.PathOf("obj/dotnet-live/session.json")).ShouldNotBeNull();
        await using var client = await SyncletClient.ConnectTcpAsync(session.Host, session.Port, session.Token, "test", StoreKind.App, static _ => { }, CancellationToken.None);
        await client.SendCommandAsync(AppCommand.Restart, CancellationToken.None);
    }

    /// <param name="whileHotReloading">Checks to make while the app runs with Hot Reload.</param>
    private static async Task EditsAsync(SampleCopy sample, ToolRun tool, Func<Task>? whileHotReloading = null)
    {
        await tool.WaitHotReloadStartedAsync();
        (await Http.GetAsync(sample.Url())).ShouldBe("Hello from dotnet-live!");
        var pid = await Http.GetAsync(sample.Url("/pid"));
        var mark = tool.Output.Count;

        // A body edit: applied in place.
        sample.Edit("Greeting.cs", "Hello from dotnet-live!", "Hot reloaded");
        await Http.WaitForTextAsync(sample.Url(), "Hot reloaded", 90);
        (await Http.GetAsync(sample.Url("/pid"))).ShouldBe(pid, "a body edit must not restart the app");
        await tool.WaitAsync("the hot reload line", l => l.Contains("hot reload: "), mark, 30);
        mark = tool.Output.Count;

        // A compile error: shown with file and line, the running app untouched; the fix is applied in place.
        var compileError = mark;
        sample.Edit("Greeting.cs", "\"Hot reloaded\";", "\"Broken\"");
        await tool.WaitAsync("the compiler error", l => l.Contains("Greeting.cs(5,") && l.Contains("error CS1002"), mark, 60);
        await tool.WaitAsync("the build-failed summary", l => l.Contains("DLIVE2003"), mark, 30);
        (await Http.GetAsync(sample.Url())).ShouldBe("Hot reloaded");
        mark = tool.Output.Count;
        sample.Edit("Greeting.cs", "\"Broken\"", "\"Fixed\";");
        await Http.WaitForTextAsync(sample.Url(), "Fixed", 90);
        (await Http.GetAsync(sample.Url("/pid"))).ShouldBe(pid, "fixing a compile error must not restart the app");
        await tool.WaitAsync("the hot reload line", l => l.Contains("hot reload: "), mark, 30);
        tool.Output.Lines.Skip(compileError).ShouldNotContain(l => l.Contains("restarted: "), "a compile error is not a rude edit");
        mark = tool.Output.Count;

        // A rude edit: the tool builds and restarts the app on its own warm path, then the next dotnet
        // watch session joins the running app — no second restart, no failed request in between — and
        // Hot Reload goes on in it.
        File.WriteAllText(sample.PathOf("Greeting.cs"), RudeEdit);
        await Http.WaitForTextAsync(sample.Url(), "Restarted after a rude edit", 120);
        await tool.WaitAsync("the restart line", l => l.Contains("restarted: rude edit"), mark, 30);
        var restarted = await Http.GetAsync(sample.Url("/pid"));
        restarted.ShouldNotBe(pid, "a rude edit restarts the app");
        using (var joined = new CancellationTokenSource())
        {
            var served = Http.ServeEveryRequestAsync(sample.Url(), "Restarted after a rude edit", joined.Token);
            await tool.WaitAsync("the engine joining the app", l => l.Contains("Hot Reload joined the running app"), mark, 120);
            await joined.CancelAsync();
            (await served).ShouldBeGreaterThan(0, "requests were made while dotnet watch started again");
        }

        tool.Output.Lines.Skip(mark).ShouldNotContain(l => l.Contains("started the app with Hot Reload"), "the engine joins the app the tool restarted: no second restart");
        (await Http.GetAsync(sample.Url("/pid"))).ShouldBe(restarted, "the engine joins the app the tool restarted: no second restart");
        pid = restarted;
        mark = tool.Output.Count;

        sample.Edit("Greeting.cs", "Restarted after a rude edit", "Hot reloaded again");
        await Http.WaitForTextAsync(sample.Url(), "Hot reloaded again", 90);
        (await Http.GetAsync(sample.Url("/pid"))).ShouldBe(pid);
        if (whileHotReloading is not null)
        {
            await whileHotReloading();
        }

        // Once the edits pause, the files follow the hot-reloaded code with no restart, so that another
        // start of the app (here a restart asked for by another client) runs the edited code.
        await tool.WaitAsync("the files moved line", l => l.Contains("files moved under the running app"), mark, 60);
        (await Http.GetAsync(sample.Url("/pid"))).ShouldBe(pid, "moving the files must not restart the app");
        mark = tool.Output.Count;
        await RestartThroughTheSessionAsync(sample);
        await tool.WaitAsync("the new start", l => l.Contains("app ready (pid "), mark, 60);
        (await Http.GetAsync(sample.Url("/pid"))).ShouldNotBe(pid);
        (await Http.GetAsync(sample.Url())).ShouldBe("Hot reloaded again");
    }
}
