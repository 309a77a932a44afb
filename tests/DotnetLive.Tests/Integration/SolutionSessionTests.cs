using DotnetLive.Testing;
using DotnetLive.Testing.FakeKubernetes;
using DotnetLive.Testing.Solutions;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Integration;

/// <summary>
/// `dotnet live` in a solution's folder: every app project is a service of one session in one tool
/// process — the real tool, MSBuild, synclets and apps on a solution written for the test.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class SolutionSessionTests
{
    [Fact]
    public async Task In_the_default_mode_both_services_serve_find_each_other_and_a_library_edit_reaches_both_while_an_edit_to_one_leaves_the_other_alone()
    {
        using var shop = new ShopSolution();
        await using var tool = ToolRun.Start(shop.Directory);
        await tool.WaitAsync("api started with Hot Reload", l => l.Contains("[api] started the app with Hot Reload"), seconds: 240);
        await tool.WaitAsync("front started with Hot Reload", l => l.Contains("[front] started the app with Hot Reload"), seconds: 240);

        (await Http.GetAsync(shop.Api())).ShouldBe("api: hello v1");
        (await Http.GetAsync(shop.Front("/api"))).ShouldBe("front got api: hello v1");
        tool.Output.Lines.ShouldNotContain(l => l.Contains("api-tests") || l.Contains("Api.Tests"), tool.Transcript);
        tool.Output.Lines.Count(l => l.Contains("dashboard: http://127.0.0.1:", StringComparison.Ordinal)).ShouldBe(1, "one dashboard for the session");
        var apiPid = await Http.GetAsync(shop.Api("/pid"));
        var frontPid = await Http.GetAsync(shop.Front("/pid"));

        // A method body of the shared library: applied in place in both apps.
        shop.Edit("Shared/Greeting.cs", "hello v1", "hello v2");
        await Http.WaitForTextAsync(shop.Api(), "api: hello v2", 90);
        await Http.WaitForTextAsync(shop.Front(), "front: hello v2", 90);
        (await Http.GetAsync(shop.Api("/pid"))).ShouldBe(apiPid);
        (await Http.GetAsync(shop.Front("/pid"))).ShouldBe(frontPid);

        // Start-up code of one service: that one restarts; the other's process is untouched.
        var mark = tool.Output.Count;
        shop.Edit("Api/Program.cs", "app.Run();", "app.MapGet(\"/new\", () => \"new route\");\napp.Run();");
        await tool.WaitAsync("api restarted", l => l.Contains("[api] restarted: Program.cs top-level statements"), mark, 90);
        (await Http.GetAsync(shop.Api("/new"))).ShouldBe("new route");
        (await Http.GetAsync(shop.Api("/pid"))).ShouldNotBe(apiPid);
        (await Http.GetAsync(shop.Front("/pid"))).ShouldBe(frontPid);
        (await Http.GetAsync(shop.Front("/api"))).ShouldBe("front got api: hello v2");
        tool.Output.Lines.Skip(mark).ShouldNotContain(l => l.Contains("[front] restarted") || l.Contains("[front] updated"), tool.Transcript);

        (await tool.StopAsync()).ShouldBe(0);
        Processes.Mentioning(shop.Directory).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_service_that_does_not_build_is_shown_failing_beside_the_others_and_serves_once_fixed()
    {
        using var shop = new ShopSolution(worker: true);
        shop.Edit("Front/Program.cs", "$\"front: {Shared.Greeting.Text()}\"", "$\"front: {Shared.Greeting.Txt()}\"");
        await using var tool = ToolRun.Start(shop.Directory, "--no-hot-reload");
        await tool.WaitAsync("front's compile error", l => l.Contains("[front]") && l.Contains("Program.cs(2,") && l.Contains("CS0117"), seconds: 240);
        await tool.WaitAsync("api running", l => l.Contains("[api] app running ("), seconds: 240);
        await tool.WaitAsync("the worker's output", l => l.Contains("[jobs] [app] jobs: hello v1"), seconds: 240);
        (await Http.GetAsync(shop.Api())).ShouldBe("api: hello v1");

        var mark = tool.Output.Count;
        shop.Edit("Front/Program.cs", "Greeting.Txt()", "Greeting.Text()");
        await tool.WaitAsync("front updated", l => l.Contains("[front] updated: "), mark, 90);
        (await Http.GetAsync(shop.Front("/api"))).ShouldBe("front got api: hello v1");

        // The library: every service that uses it is rebuilt and restarted, each once.
        mark = tool.Output.Count;
        shop.Edit("Shared/Greeting.cs", "hello v1", "hello v2");
        await Http.WaitForTextAsync(shop.Api(), "api: hello v2", 90);
        await Http.WaitForTextAsync(shop.Front(), "front: hello v2", 90);
        await tool.WaitAsync("the worker's new output", l => l.Contains("[jobs] [app] jobs: hello v2"), mark, 90);
        foreach (var service in new[] { "api", "front", "jobs" })
        {
            await tool.WaitAsync($"{service} updated", l => l.Contains($"[{service}] updated: "), mark, 90);
        }

        foreach (var service in new[] { "api", "front", "jobs" })
        {
            tool.Output.Lines.Skip(mark).Count(l => l.Contains($"[{service}] updated: ")).ShouldBe(1, tool.Transcript);
        }

        (await tool.StopAsync()).ShouldBe(0);
        Processes.Mentioning(shop.Directory).ShouldBeEmpty();
    }

    [Fact]
    public async Task Ci_waits_for_every_service_and_fails_naming_the_one_that_does_not_build()
    {
        using var shop = new ShopSolution(worker: true);
        shop.Edit("Front/Program.cs", "Greeting.Text()}\"", "Greeting.Txt()}\"");
        await using (var broken = ToolRun.Start(shop.Directory, "ci", "--timeout", "240"))
        {
            (await broken.ExitCodeAsync(300)).ShouldBe(2, broken.Transcript);
            broken.Transcript.ShouldContain("[front] ci: front did not come up");
            broken.Transcript.ShouldContain("error DLIVE2003");
        }

        shop.Edit("Front/Program.cs", "Greeting.Txt()", "Greeting.Text()");
        await using var healthy = ToolRun.Start(shop.Directory, "ci", "--timeout", "240");
        (await healthy.ExitCodeAsync(300)).ShouldBe(0, healthy.Transcript);
        healthy.Transcript.ShouldContain("ci: the app is up (api: ready, front: ready, jobs: ready)");
        Processes.Mentioning(shop.Directory).ShouldBeEmpty();
    }

    [Fact]
    public async Task When_the_machine_cannot_give_dotnet_watch_its_file_watchers_each_service_says_so_and_goes_on_with_restarts()
    {
        // This user's inotify instances: a few more than its processes hold now, far fewer than a dotnet watch takes (one per folder).
        const string limitPath = "/proc/sys/fs/inotify/max_user_instances";
        var limit = File.ReadAllText(limitPath).Trim();
        var held = Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)).Sum(InotifyInstances);
        using var shop = new ShopSolution();
        File.WriteAllText(limitPath, (held + 20).ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            await using var tool = ToolRun.Start(shop.Directory);
            await tool.WaitAsync("api given up on Hot Reload", l => l.Contains("[api] api goes on without Hot Reload"), seconds: 240);
            await tool.WaitAsync("front given up on Hot Reload", l => l.Contains("[front] front goes on without Hot Reload"), seconds: 240);
            tool.Transcript.ShouldContain("error DLIVE2008: dotnet watch cannot watch the files");
            await Http.WaitForTextAsync(shop.Front("/api"), "front got api: hello v1", 120);

            var mark = tool.Output.Count;
            shop.Edit("Shared/Greeting.cs", "hello v1", "hello v2");
            await tool.WaitAsync("api updated", l => l.Contains("[api] updated: "), mark, 90);
            await tool.WaitAsync("front updated", l => l.Contains("[front] updated: "), mark, 90);
            (await Http.GetAsync(shop.Front("/api"))).ShouldBe("front got api: hello v2");
            (await tool.StopAsync()).ShouldBe(0);
        }
        finally
        {
            File.WriteAllText(limitPath, limit);
        }
    }

    private static int InotifyInstances(string process)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(Path.Combine(process, "fd")).Count(fd => new FileInfo(fd).LinkTarget == "anon_inode:inotify");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    [Fact]
    public async Task Only_picks_services_and_names_the_ones_there_are_when_it_names_none()
    {
        using var shop = new ShopSolution(worker: true);
        await using (var wrong = ToolRun.Start(shop.Directory, "--only", "api,billing"))
        {
            (await wrong.ExitCodeAsync(120)).ShouldBe(1, wrong.Transcript);
            wrong.Transcript.ShouldContain("error DLIVE1011: --only names billing, which Shop.slnx does not run as a service; its services are: api, front, jobs.");
        }

        await using var tool = ToolRun.Start(shop.Directory, "--no-hot-reload", "--only", "jobs", "--json");
        await tool.WaitAsync("the worker's output", l => l.Contains("\"text\":\"jobs: hello v1\""), seconds: 240);
        tool.Output.Lines.ShouldNotContain(l => l.Contains("Api.csproj") || l.Contains("Front.csproj"), tool.Transcript);
        (await tool.StopAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task On_docker_the_services_reach_each_other_by_name_and_down_removes_every_container_and_the_network()
    {
        using var shop = new ShopSolution();
        var solution = Path.Combine(shop.Directory, "Shop.slnx");
        try
        {
            await using (var tool = ToolRun.Start(shop.Directory, "--target", "docker", "--no-hot-reload"))
            {
                await tool.WaitAsync("api running", l => l.Contains("[api] app running ("), seconds: 240);
                await tool.WaitAsync("front running", l => l.Contains("[front] app running ("), seconds: 240);
                (await Http.GetAsync(shop.Front("/api"))).ShouldBe("front got api: hello v1");
                (await DockerCli.NetworksOfAsync(solution)).ShouldHaveSingleItem();

                var mark = tool.Output.Count;
                shop.Edit("Shared/Greeting.cs", "hello v1", "hello v2");
                await Http.WaitForTextAsync(shop.Api(), "api: hello v2", 90);
                await Http.WaitForTextAsync(shop.Front("/api"), "front got api: hello v2", 90);
                (await tool.StopAsync()).ShouldBe(0);
            }

            await using var down = ToolRun.Start(shop.Directory, "down");
            (await down.ExitCodeAsync()).ShouldBe(0, down.Transcript);
            foreach (var project in new[] { "Api/Api.csproj", "Front/Front.csproj" })
            {
                (await DockerCli.ContainersOfAsync(shop.PathOf(project))).ShouldBeEmpty();
                (await DockerCli.ImagesOfAsync(shop.PathOf(project))).ShouldBeEmpty();
            }

            (await DockerCli.NetworksOfAsync(solution)).ShouldBeEmpty();
        }
        finally
        {
            await using var cleanup = ToolRun.Start(shop.Directory, "down");
            await cleanup.ExitCodeAsync();
        }
    }

    [Fact]
    public async Task On_kubernetes_each_service_gets_its_deployment_and_service_and_the_others_cluster_address_and_down_deletes_them_all()
    {
        await using var cluster = await FakeCluster.StartAsync();
        using var shop = new ShopSolution();
        var kubeconfig = new Dictionary<string, string> { ["KUBECONFIG"] = cluster.WriteKubeconfig(shop.Directory, "dev") };
        await using (var tool = ToolRun.Start(shop.Directory, kubeconfig, "--target", "kubernetes", "--property", "LiveRegistry=127.0.0.1:5000"))
        {
            await tool.WaitAsync("api running", l => l.Contains("[api] app running ("), seconds: 300);
            await tool.WaitAsync("front running", l => l.Contains("[front] app running ("), seconds: 300);
            cluster.Applied.Select(a => $"{a.Kind}/{a.Name}").Order().ShouldBe(["Deployment/api", "Deployment/front", "Secret/api-dotnet-live", "Secret/front-dotnet-live", "Service/api", "Service/front"]);

            // The fake has no cluster DNS: the address is checked as the pod spec gives it.
            var front = cluster.Applied.Single(a => a.Kind == "Deployment" && a.Name == "front").Body;
            front["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.ToJsonString().ShouldContain("""{"name":"services__api__http__0","value":"http://api"}""");
            (await Http.GetAsync(shop.Api())).ShouldBe("api: hello v1");
            (await Http.GetAsync(shop.Front())).ShouldBe("front: hello v1");

            shop.Edit("Shared/Greeting.cs", "hello v1", "hello v2");
            await Http.WaitForTextAsync(shop.Api(), "api: hello v2", 120);
            await Http.WaitForTextAsync(shop.Front(), "front: hello v2", 120);
            (await tool.StopAsync()).ShouldBe(0);
        }

        await using var down = ToolRun.Start(shop.Directory, kubeconfig, "down");
        (await down.ExitCodeAsync()).ShouldBe(0, down.Transcript);
        cluster.Deleted.Where(d => d.StartsWith("Deployment/", StringComparison.Ordinal)).Order().ShouldBe(["Deployment/dev/api", "Deployment/dev/front"]);
        cluster.Pods("dev").ShouldBeEmpty();
    }
}
