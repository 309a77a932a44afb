using System.Diagnostics;
using DotnetLive.Testing;
using DotnetLive.Testing.FakeKubernetes;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Integration;

/// <summary>
/// The app's own container on the docker target, against the real engine: a Visual-Studio-shaped
/// Dockerfile's fast-mode stage, the SDK's container properties, a Compose service the dev container
/// takes the place of. Apps made by `dotnet new web`, in a solution folder as users have them.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class AppContainerTests
{
    /// <summary>What the app sees of its container: an environment variable, a file, its user.</summary>
    private const string EnvEndpoint = """
        app.MapGet("/env", () => $"{Environment.GetEnvironmentVariable("SHOP_GREETING")}|{(File.Exists("/etc/shop/shop.conf") ? File.ReadAllText("/etc/shop/shop.conf").Trim() : "no file")}|{Environment.UserName}");
        app.Run();
        """;

    /// <summary>The shape Visual Studio generates; a build stage that would fail proves it never runs.</summary>
    private static string VisualStudioDockerfile(string name, string baseStageExtra = "") => $"""
        # This stage is used when running from VS in fast mode (Default for Debug configuration)
        FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS base
        ENV SHOP_GREETING="from the base stage"
        COPY ["{name}/shop.conf", "/etc/shop/shop.conf"]
        {baseStageExtra}
        USER $APP_UID
        WORKDIR /app
        EXPOSE 8080
        EXPOSE 8081

        # This stage is used to build the service project
        FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
        ARG BUILD_CONFIGURATION=Release
        RUN echo the build stage ran && exit 42
        WORKDIR /src
        COPY ["{name}/{name}.csproj", "{name}/"]
        RUN dotnet restore "./{name}/{name}.csproj"
        COPY . .
        WORKDIR "/src/{name}"
        RUN dotnet build "./{name}.csproj" -c $BUILD_CONFIGURATION -o /app/build

        FROM build AS publish
        ARG BUILD_CONFIGURATION=Release
        RUN dotnet publish "./{name}.csproj" -c $BUILD_CONFIGURATION -o /app/publish /p:UseAppHost=false

        FROM base AS final
        WORKDIR /app
        COPY --from=publish /app/publish .
        ENTRYPOINT ["dotnet", "{name}.dll"]
        """;

    /// <summary>A web app in a solution folder with a Visual Studio Dockerfile whose context is the solution's folder.</summary>
    private static async Task<SampleCopy> VisualStudioAppAsync(string name, string baseStageExtra = "")
    {
        var app = await SampleCopy.FromTemplateAsync("web", name);
        app.Root.Write(name + ".slnx", $"<Solution>\n  <Project Path=\"{name}/{name}.csproj\" />\n</Solution>\n");
        app.Root.Write(".dockerignore", "**/.vs\n**/bin\n**/obj\n**/Dockerfile*\n");
        app.Root.Write(Path.Combine(name, "Dockerfile"), VisualStudioDockerfile(name, baseStageExtra));
        app.Root.Write(Path.Combine(name, "shop.conf"), "first");
        app.Edit($"{name}.csproj", "<PropertyGroup>", "<PropertyGroup>\n    <DockerfileContext>..</DockerfileContext>");
        app.Edit("Program.cs", "app.Run();", EnvEndpoint);
        return app;
    }

    [Fact]
    public async Task A_Visual_Studio_Dockerfile_s_base_stage_is_what_the_app_runs_on_and_its_later_stages_never_run()
    {
        using var app = await VisualStudioAppAsync("Shop");
        var project = Path.Combine(app.Directory, "Shop.csproj");
        try
        {
            // The default mode: Hot Reload.
            await using (var tool = ToolRun.Start(app.Directory, "--target", "docker"))
            {
                await tool.WaitHotReloadStartedAsync();
                tool.Output.Lines.ShouldContain(l => l.Contains($"built from the 'base' stage of {Path.Combine(app.Directory, "Dockerfile")}"));
                tool.Output.Lines.ShouldNotContain(l => l.Contains("the build stage ran"));
                (await Http.GetAsync(app.Url("/env"))).ShouldBe("from the base stage|first|app");
                var container = (await DockerCli.ContainersOfAsync(project)).ShouldHaveSingleItem();
                (await DockerCli.RunAsync("inspect", "-f", "{{.Config.User}} {{.HostConfig.Privileged}}", container)).ShouldBe("1654 false");

                var mark = tool.Output.Count;
                app.Edit("Program.cs", "\"Hello World!\"", "\"Hello from the Dockerfile's stage!\"");
                await tool.WaitAsync("the hot reload line", l => l.Contains("hot reload: "), mark, 90);
                (await Http.GetAsync(app.Url())).ShouldBe("Hello from the Dockerfile's stage!");
                (await tool.StopAsync()).ShouldBe(0);
            }

            // A file the stage copies changed: the image is made again, and the app sees the new file.
            app.Root.Write(Path.Combine("Shop", "shop.conf"), "second");
            await using (var again = ToolRun.Start(app.Directory, "--target", "docker", "--no-hot-reload"))
            {
                await again.WaitDeployedAsync();
                again.Output.Lines.ShouldContain(l => l.Contains("was made from another configuration"));
                (await Http.GetAsync(app.Url("/env"))).ShouldBe("from the base stage|second|app");
                (await again.StopAsync()).ShouldBe(0);
            }

            // Nothing changed: the container is reused, no image is built.
            await using (var third = ToolRun.Start(app.Directory, "--target", "docker", "--no-hot-reload"))
            {
                await third.WaitDeployedAsync();
                third.Output.Lines.ShouldContain(l => l.Contains("is running; resyncing it"));
                third.Output.Lines.ShouldNotContain(l => l.Contains("dev image"));
                (await third.StopAsync()).ShouldBe(0);
            }
        }
        finally
        {
            await LiveDown.DockerAsync(app.Directory, "Shop");
        }
    }

    [Fact]
    public async Task The_kubernetes_target_pushes_the_stage_made_image_and_every_pod_runs_on_it()
    {
        await using var cluster = await FakeCluster.StartAsync();
        using var app = await VisualStudioAppAsync("Pods");
        var kubeconfig = new Dictionary<string, string> { ["KUBECONFIG"] = cluster.WriteKubeconfig(app.Root.Path, "dev") };
        string[] arguments = ["--target", "kubernetes", "--property", "LiveRegistry=127.0.0.1:5000", "--property", "LiveReplicas=2"];
        try
        {
            await using (var tool = ToolRun.Start(app.Directory, kubeconfig, arguments))
            {
                await tool.WaitDeployedAsync();
                tool.Output.Lines.ShouldContain(l => l.Contains("built from the 'base' stage of"));
                tool.Output.Lines.ShouldContain(l => l.Contains("pushed"));
                var pods = cluster.Pods("dev");
                pods.Count.ShouldBe(2);
                foreach (var pod in pods)
                {
                    (await PodHttp.GetAsync(cluster, pod, "/env")).ShouldBe("from the base stage|first|app");
                }

                (await tool.StopAsync()).ShouldBe(0);
            }

            // The same Dockerfile and files: not built again (the push finds every layer in the registry).
            await using (var again = ToolRun.Start(app.Directory, kubeconfig, arguments))
            {
                await again.WaitDeployedAsync();
                again.Output.Lines.ShouldNotContain(l => l.Contains("built from"));
                (await again.StopAsync()).ShouldBe(0);
            }
        }
        finally
        {
            await using var down = ToolRun.Start(app.Directory, kubeconfig, "down");
            (await down.ExitCodeAsync()).ShouldBe(0, down.Transcript);
            await LiveDown.DockerAsync(app.Directory, "Pods");
        }
    }

    [Fact]
    public async Task A_base_stage_that_fails_ends_with_DLIVE3003_and_the_build_s_own_lines()
    {
        using var app = await VisualStudioAppAsync("Broken", "RUN echo installing the native library && exit 3");
        try
        {
            await using var tool = ToolRun.Start(app.Directory, "--target", "docker", "--no-hot-reload", "--no-hud");
            (await tool.ExitCodeAsync(180)).ShouldNotBe(0, tool.Transcript);
            tool.Transcript.ShouldSatisfyAllConditions(
                t => t.ShouldContain("DLIVE3003: Building the dev image"),
                t => t.ShouldContain("installing the native library"),
                t => t.ShouldContain("returned a non-zero code: 3"),
                t => t.ShouldNotContain("the build stage ran"));
            (await DockerCli.ContainersOfAsync(Path.Combine(app.Directory, "Broken.csproj"))).ShouldBeEmpty();
        }
        finally
        {
            await LiveDown.DockerAsync(app.Directory, "Broken");
        }
    }

    [Fact]
    public async Task Without_a_Dockerfile_the_SDK_s_container_properties_shape_the_dev_image()
    {
        using var app = await SampleCopy.FromTemplateAsync("web", "Props");
        app.Edit("Props.csproj", "</Project>", """
              <PropertyGroup>
                <ContainerFamily>noble-chiseled</ContainerFamily>
                <ContainerWorkingDirectory>/srv/props</ContainerWorkingDirectory>
              </PropertyGroup>
              <ItemGroup>
                <ContainerEnvironmentVariable Include="SHOP_GREETING" Value="from a container property, $HOME unexpanded" />
                <ContainerEnvironmentVariable Include="ASPNETCORE_HTTP_PORTS" Value="5080" />
                <ContainerLabel Include="org.opencontainers.image.vendor" Value="Contoso" />
                <ContainerPort Include="5080" Type="tcp" />
              </ItemGroup>
            </Project>
            """);
        app.Edit("Program.cs", "app.Run();", EnvEndpoint);
        var project = Path.Combine(app.Directory, "Props.csproj");
        try
        {
            await using var tool = ToolRun.Start(app.Directory, "--target", "docker", "--no-hot-reload");
            await tool.WaitDeployedAsync();
            tool.Output.Lines.ShouldContain(l => l.Contains("built from mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled"));

            // The app listens on the port its environment says (5080), published on the profile's port.
            (await Http.GetAsync(app.Url("/env"))).ShouldBe("from a container property, $HOME unexpanded|no file|app");
            var container = (await DockerCli.ContainersOfAsync(project)).ShouldHaveSingleItem();
            (await DockerCli.RunAsync("inspect", "-f", "{{.Config.WorkingDir}} {{index .Config.Labels \"org.opencontainers.image.vendor\"}} {{.Config.User}}", container))
                .ShouldBe("/srv/props Contoso 1654");
            (await DockerCli.RunAsync("inspect", "-f", "{{json .Config.ExposedPorts}}", container)).ShouldContain("\"5080/tcp\"");
            (await tool.StopAsync()).ShouldBe(0);
        }
        finally
        {
            await LiveDown.DockerAsync(app.Directory, "Props");
        }
    }

    [Fact]
    public async Task The_container_takes_its_Compose_service_s_place_and_reaches_another_service_by_its_name()
    {
        using var app = await SampleCopy.FromTemplateAsync("web", "Api");
        app.Root.Write("Api.slnx", "<Solution>\n  <Project Path=\"Api/Api.csproj\" />\n</Solution>\n");
        app.Root.Write("api.env", "ECHO_URL=http://echo:8000/\n");
        var published = Ports.Free();

        // A second service made from the local base images: a tiny HTTP server (perl is in Debian's base).
        var compose = app.Root.Write("compose.yaml", $$"""
            services:
              api:
                build: ./Api
                env_file: api.env
                environment:
                  SHOP_GREETING: from compose
                ports:
                  - "{{published}}:8080"
                depends_on: [echo]
              echo:
                image: mcr.microsoft.com/dotnet/runtime:10.0
                command:
                  - perl
                  - -MIO::Socket::INET
                  - -e
                  - '$$s = IO::Socket::INET->new(LocalPort => 8000, Listen => 5, ReuseAddr => 1) or die; while ($$c = $$s->accept) { while (<$$c>) { last if /^\r?$$/ } print $$c "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello from echo"; close $$c }'
            """);
        app.Edit("Program.cs", "app.Run();", """
            app.MapGet("/echo", async (IConfiguration configuration) => configuration["SHOP_GREETING"] + "|" + await new HttpClient().GetStringAsync(configuration["ECHO_URL"]));
            app.Run();
            """);
        try
        {
            await using var tool = ToolRun.Start(app.Directory, "--target", "docker", "--no-hot-reload");
            await tool.WaitDeployedAsync();
            tool.Output.Lines.ShouldContain(l => l.Contains($"takes the place of service 'api' of {compose}"));
            tool.Output.Lines.ShouldContain(l => l.Contains($"service(s) echo that 'api' depends on are not running; start them with `docker compose -f {compose} up -d echo`"));

            // Started as the message says (with Debian's compose CLI), on the network the container joined.
            (await ComposeAsync(compose, "up", "-d", "echo")).ShouldBe(0);
            var url = new Uri($"http://localhost:{published}/echo");
            await Http.WaitForTextAsync(url, "from compose|hello from echo");
            (await tool.StopAsync()).ShouldBe(0);
        }
        finally
        {
            await LiveDown.DockerAsync(app.Directory, "Api");
            await ComposeAsync(compose, "down");
        }
    }

    private static async Task<int> ComposeAsync(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("docker-compose", ["-f", file, .. arguments]))!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
