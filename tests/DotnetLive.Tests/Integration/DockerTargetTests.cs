using System.Text.Json;
using DotnetLive.Testing;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Integration;

/// <summary>
/// The docker target against the real engine and the locally made base images (scripts/test.sh starts
/// dockerd and makes them). Each test ends with `dotnet live down` and checks that nothing is left.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class DockerTargetTests
{
    private const string Chiseled = "mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled";

    [Fact]
    public async Task An_edit_is_served_by_the_same_container_and_a_restarted_tool_resyncs_edits_made_meanwhile()
    {
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        var project = Path.Combine(sample.Directory, "WebApi.csproj");
        try
        {
            await using (var tool = ToolRun.Start(sample.Directory, "--no-hot-reload", "--target", "docker", "--verbose"))
            {
                await tool.WaitDeployedAsync();
                (await Http.GetAsync(sample.Url())).ShouldBe("Hello from dotnet-live!");
                var container = (await DockerCli.ContainersOfAsync(project)).ShouldHaveSingleItem();
                var pid = await Http.GetAsync(sample.Url("/pid"));
                var mark = tool.Output.Count;

                sample.Edit("Greeting.cs", "Hello from dotnet-live!", "Hello from a container!");

                var updated = await tool.WaitAsync("the update line", l => l.Contains("updated: "), mark, 90);
                (await Http.GetAsync(sample.Url())).ShouldBe("Hello from a container!");
                (await Http.GetAsync(sample.Url("/pid"))).ShouldNotBe(pid);
                (await DockerCli.ContainersOfAsync(project)).ShouldBe([container]);
                var shipped = tool.Output.Lines.Skip(mark).Take(updated - mark).Single(l => l.Contains("shipped: "));
                shipped[(shipped.IndexOf("shipped: ", StringComparison.Ordinal) + 9)..].Split(", ").ShouldBe(["WebApi.dll", "WebApi.pdb"], ignoreOrder: true);
                (await DockerCli.RunAsync("inspect", "-f", "{{.HostConfig.Privileged}} {{.HostConfig.PortBindings}}", container)).ShouldSatisfyAllConditions(
                    i => i.ShouldStartWith("false "),
                    i => i.ShouldNotContain("0.0.0.0"));
                (await DockerCli.RunAsync("inspect", "-f", "{{.HostConfig.Init}} {{.HostConfig.SecurityOpt}} {{.HostConfig.CapDrop}} {{.HostConfig.LogConfig.Config}}", container))
                    .ShouldBe("true [no-new-privileges:true] [ALL] map[max-file:3 max-size:10m]");

                // The token is in no environment: not the container's (docker inspect), not the synclet's or the
                // app's; the file it came in was deleted once read.
                var token = JsonDocument.Parse(File.ReadAllText(sample.PathOf("obj/dotnet-live/docker.json"))).RootElement.GetProperty("Token").GetString().ShouldNotBeNull();
                (await DockerCli.RunAsync("inspect", container)).ShouldNotContain(token);
                (await DockerCli.RunAsync("exec", container, "sh", "-c", "cat /proc/[0-9]*/environ /proc/[0-9]*/cmdline 2>/dev/null | tr '\\0' '\\n'")).ShouldNotContain(token);
                (await DockerCli.RunAsync("exec", container, "ls", "-A", "/dotnet-live/secret")).ShouldBeEmpty();

                // On a network of its own with traffic between containers off: a container on the default
                // bridge (where containers reach each other) cannot reach the synclet.
                (await DockerCli.RunAsync("inspect", "-f", "{{range $name, $_ := .NetworkSettings.Networks}}{{$name}}{{end}}", container)).ShouldStartWith("dotnet-live-webapi-");
                var address = await DockerCli.RunAsync("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", container);
                string[] probe = ["perl", "-MIO::Socket::INET", "-e", $"print IO::Socket::INET->new(PeerAddr => '{address}:5999', Timeout => 3) ? 'reached' : 'unreachable'"];
                (await DockerCli.RunAsync(["exec", container, .. probe])).ShouldBe("reached"); // the probe works: from inside, the synclet answers
                (await DockerCli.RunAsync(["run", "--rm", "mcr.microsoft.com/dotnet/runtime:10.0", .. probe])).ShouldBe("unreachable");

                // The engine's init is PID 1, not the synclet: orphans are reaped.
                (await DockerCli.RunAsync("top", container, "-o", "pid,comm")).ShouldContain("docker-init");

                (await tool.StopAsync()).ShouldBe(0);
                (await DockerCli.ContainersOfAsync(project)).ShouldBe([container]);
            }

            // Edited while no tool ran: the next session finds the container and sends only the difference.
            sample.Edit("Greeting.cs", "Hello from a container!", "Edited while away");
            await using (var again = ToolRun.Start(sample.Directory, "--no-hot-reload", "--target", "docker"))
            {
                await again.WaitAsync("the deployed line", l => l.Contains("app running (2 files"), seconds: 180);
                again.Output.Lines.ShouldContain(l => l.Contains("is running; resyncing it"));
                (await Http.GetAsync(sample.Url())).ShouldBe("Edited while away");
                (await again.StopAsync()).ShouldBe(0);
            }
        }
        finally
        {
            await LiveDown.DockerAsync(sample.Directory, "WebApi");
        }
    }

    [Fact]
    public async Task A_non_root_shell_less_container_is_updated_in_place()
    {
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        try
        {
            await using var tool = ToolRun.Start(sample.Directory, "--no-hot-reload", "--target", "docker", "--property", $"LiveBaseImage={Chiseled}");
            await tool.WaitDeployedAsync();
            var container = (await DockerCli.ContainersOfAsync(Path.Combine(sample.Directory, "WebApi.csproj"))).ShouldHaveSingleItem();
            (await DockerCli.RunAsync("inspect", "-f", "{{.Config.User}}", container)).ShouldBe("1654");
            var mark = tool.Output.Count;

            sample.Edit("Greeting.cs", "Hello from dotnet-live!", "Hello as uid 1654!");

            await tool.WaitAsync("the update line", l => l.Contains("updated: "), mark, 90);
            (await Http.GetAsync(sample.Url())).ShouldBe("Hello as uid 1654!");
            (await tool.StopAsync()).ShouldBe(0);
        }
        finally
        {
            await LiveDown.DockerAsync(sample.Directory, "WebApi");
        }
    }

    /// <summary>
    /// An app that keeps data where it runs (SQLite's <c>DataSource=app.db</c>, uploads): a `dotnet new web`
    /// app writing a file in its working directory, in the default mode. An edit that restarts it (a
    /// route renamed in the top-level statements) starts it with its file, as `dotnet run` in the project
    /// folder would.
    /// </summary>
    [Fact]
    public async Task What_the_app_wrote_in_its_folder_is_still_there_after_an_edit_restarts_it()
    {
        using var app = await SampleCopy.FromTemplateAsync("web", "Notes");
        app.Edit("Program.cs", "app.MapGet(\"/\", () => \"Hello World!\");", """
            app.MapGet("/", () => "Hello World!");
            app.MapGet("/note", (string text) => { File.AppendAllText("notes.txt", text + "\n"); return "saved"; });
            app.MapGet("/notes", () => File.Exists("notes.txt") ? File.ReadAllText("notes.txt") : "none");
            """);
        try
        {
            await using var tool = ToolRun.Start(app.Directory, "--target", "docker", "--verbose");
            await tool.WaitHotReloadStartedAsync();
            (await Http.GetAsync(app.Url("/note?text=first"))).ShouldBe("saved");
            var mark = tool.Output.Count;

            app.Edit("Program.cs", "app.MapGet(\"/\",", "app.MapGet(\"/home\",");

            await Http.WaitForTextAsync(app.Url("/home"), "Hello World!", 90);
            await tool.WaitAsync("the restart line", l => l.Contains("restarted: Program.cs top-level statements", StringComparison.Ordinal), mark, 30);
            (await Http.GetAsync(app.Url("/notes"))).ShouldContain("first");
            (await Http.GetAsync(app.Url("/note?text=second"))).ShouldBe("saved");
            (await Http.GetAsync(app.Url("/notes"))).ShouldBe("first\nsecond\n");
            tool.Output.Lines.Skip(mark).ShouldNotContain(l => l.Contains("notes.txt", StringComparison.Ordinal) && l.Contains("shipped", StringComparison.Ordinal), "the app's file is the app's: nothing ships or deletes it");
            (await tool.StopAsync()).ShouldBe(0, tool.Transcript);
        }
        finally
        {
            await LiveDown.DockerAsync(app.Directory, "Notes");
        }
    }

    [Fact]
    public async Task An_app_that_crashes_is_reported_the_container_stays_up_and_the_next_edit_recovers()
    {
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        try
        {
            await using var tool = ToolRun.Start(sample.Directory, "--no-hot-reload", "--target", "docker");
            await tool.WaitDeployedAsync();
            var container = (await DockerCli.ContainersOfAsync(Path.Combine(sample.Directory, "WebApi.csproj"))).ShouldHaveSingleItem();
            var mark = tool.Output.Count;

            sample.Edit("Program.cs", "var app = builder.Build();", "var app = builder.Build();\nthrow new InvalidOperationException(\"crash on purpose\");");

            await tool.WaitAsync("the crash", l => l.Contains("app crashed (exit code 134): System.InvalidOperationException: crash on purpose"), mark, 90);
            tool.Output.Lines.Skip(mark).ShouldContain(l => l.Contains("crash on purpose"));
            (await DockerCli.RunAsync("inspect", "-f", "{{.State.Running}}", container)).ShouldBe("true");

            mark = tool.Output.Count;
            sample.Edit("Program.cs", "\nthrow new InvalidOperationException(\"crash on purpose\");", "");
            sample.Edit("Greeting.cs", "Hello from dotnet-live!", "Recovered");
            await tool.WaitAsync("the update line", l => l.Contains("updated: "), mark, 90);
            await Http.WaitForTextAsync(sample.Url(), "Recovered", 30);
            (await DockerCli.ContainersOfAsync(Path.Combine(sample.Directory, "WebApi.csproj"))).ShouldBe([container]);
            (await tool.StopAsync()).ShouldBe(0);
        }
        finally
        {
            await LiveDown.DockerAsync(sample.Directory, "WebApi");
        }
    }

    [Fact]
    public async Task A_container_made_from_another_configuration_is_made_again()
    {
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        var project = Path.Combine(sample.Directory, "WebApi.csproj");
        try
        {
            string first;
            await using (var tool = ToolRun.Start(sample.Directory, "--no-hot-reload", "--target", "docker"))
            {
                await tool.WaitDeployedAsync();
                first = (await DockerCli.ContainersOfAsync(project)).ShouldHaveSingleItem();
                (await tool.StopAsync()).ShouldBe(0);
            }

            await using (var again = ToolRun.Start(sample.Directory, "--no-hot-reload", "--target", "docker", "--property", $"LiveBaseImage={Chiseled}"))
            {
                await again.WaitDeployedAsync();
                again.Output.Lines.ShouldContain(l => l.Contains("was made from another configuration"));
                var second = (await DockerCli.ContainersOfAsync(project)).ShouldHaveSingleItem();
                second.ShouldNotBe(first);
                (await DockerCli.RunAsync("inspect", "-f", "{{.Config.User}}", second)).ShouldBe("1654");
                (await again.StopAsync()).ShouldBe(0);
            }
        }
        finally
        {
            await LiveDown.DockerAsync(sample.Directory, "WebApi");
        }
    }

    [Fact]
    public async Task A_container_that_died_is_reported_and_recreated_by_the_next_update()
    {
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        var project = Path.Combine(sample.Directory, "WebApi.csproj");
        try
        {
            await using var tool = ToolRun.Start(sample.Directory, "--no-hot-reload", "--target", "docker");
            await tool.WaitDeployedAsync();
            var container = (await DockerCli.ContainersOfAsync(project)).ShouldHaveSingleItem();

            // Marked before the kill: the tool may notice the death before `docker kill` returns.
            var mark = tool.Output.Count;
            await DockerCli.RunAsync("kill", container);
            sample.Edit("Greeting.cs", "Hello from dotnet-live!", "Hello from a new container!");

            await tool.WaitAsync("the death notice", l => l.Contains("DLIVE3005") && l.Contains("exited with code 137"), mark, 90);

            // The edit arrives either with its own update or, when its build finished first, with the new
            // container's resync (then the update after it has nothing left to ship).
            await tool.WaitAsync("the edit shipped", l => l.Contains("updated: ") || l.Contains("build produced no binary change"), mark, 180);
            (await Http.GetAsync(sample.Url())).ShouldBe("Hello from a new container!");
            (await DockerCli.ContainersOfAsync(project)).ShouldHaveSingleItem().ShouldNotBe(container);
            (await tool.StopAsync()).ShouldBe(0);
        }
        finally
        {
            await LiveDown.DockerAsync(sample.Directory, "WebApi");
        }
    }

    /// <summary>
    /// `dotnet live down` in another terminal while the session runs, in the default mode: the session
    /// makes its container again and serves, instead of stopping on the engine's answer that the
    /// container's removal is already in progress (seen by hand: the session stayed up, serving nothing).
    /// </summary>
    [Fact]
    public async Task A_container_that_down_removed_while_the_session_runs_is_made_again()
    {
        using var app = await SampleCopy.FromTemplateAsync("web", "Downed");
        var project = Path.Combine(app.Directory, "Downed.csproj");
        try
        {
            await using var tool = ToolRun.Start(app.Directory, "--target", "docker");
            await tool.WaitHotReloadStartedAsync();
            var container = (await DockerCli.ContainersOfAsync(project)).ShouldHaveSingleItem();
            var mark = tool.Output.Count;

            await using (var down = ToolRun.Start(app.Directory, "down"))
            {
                (await down.ExitCodeAsync()).ShouldBe(0, down.Transcript);
            }

            await tool.WaitHotReloadStartedAsync(mark);
            (await Http.GetAsync(app.Url())).ShouldBe("Hello World!");
            (await DockerCli.ContainersOfAsync(project)).ShouldHaveSingleItem().ShouldNotBe(container);
            tool.Output.Lines.Skip(mark).ShouldNotContain(l => l.Contains("not retried", StringComparison.Ordinal), tool.Transcript);
            (await tool.StopAsync()).ShouldBe(0, tool.Transcript);
        }
        finally
        {
            await LiveDown.DockerAsync(app.Directory, "Downed");
        }
    }

    [Fact]
    public async Task Docker_not_running_is_one_clear_message()
    {
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        await using var tool = ToolRun.Start(sample.Directory, new Dictionary<string, string> { ["DOCKER_HOST"] = "unix:///nonexistent/docker.sock" }, "--target", "docker");

        (await tool.ExitCodeAsync(180)).ShouldBe(3, tool.Transcript);
        tool.Transcript.ShouldContain("error DLIVE3001: Cannot reach the Docker engine at unix:///nonexistent/docker.sock (no socket at /nonexistent/docker.sock). Start Docker");
        tool.Transcript.ShouldNotContain("   at ");
    }
}
