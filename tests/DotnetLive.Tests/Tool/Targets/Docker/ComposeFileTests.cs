using DotnetLive.Testing;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.Targets.Docker;
using DotnetLive.Tool.UI;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tool.Targets.Docker;

/// <summary>The Compose service the dev container takes the place of, read as `docker compose` reads it.</summary>
public sealed class ComposeFileTests
{
    private static ProjectModel Project(string path, string dockerfile = "", string image = "api") => new(
        path, "Api.dll", "bin", "m.json", "s.json", "docker", "", "", "v10.0", true,
        new HashSet<string>(), new HashSet<string>(), [], [], new KubernetesSettings("", [], "", "", 1, image),
        Container: ContainerSettings.None with { Dockerfile = dockerfile });

    [Fact]
    public void The_service_built_from_the_project_gives_its_environment_ports_networks_and_dependencies()
    {
        using var root = new TempDirectory();
        root.Write("Shop.slnx", "<Solution />");
        var project = root.Write("src/Api/Api.csproj", "<Project />");
        root.Write(".env", "TAG=7\nREDIS_HOST=cache\nFROM_DOT_ENV=dot env\n");
        root.Write("api.env", "# shared\nexport FROM_FILE=\"file value\"\nOVERRIDDEN=file\n");
        root.Write("compose.yaml", """
            name: My Shop
            services:
              cache:
                image: redis:${TAG}
              api:
                build:
                  context: .
                  dockerfile: src/Api/Dockerfile
                env_file: api.env
                environment:
                  OVERRIDDEN: compose
                  ConnectionStrings__redis: ${REDIS_HOST}:6379
                  Fallback: ${MISSING:-fallback}
                  Dollar: $$HOME
                  FROM_DOT_ENV:
                ports:
                  - "127.0.0.1:5100:8080"
                  - "9000"
                  - target: 8081
                    published: "5101"
                networks:
                  front:
                    aliases: [shop-api]
                  shared: {}
                depends_on:
                  cache:
                    condition: service_started
            networks:
              front: {}
              shared:
                external: true
                name: company-net
            """);

        var service = ComposeFile.Find(Project(project, dockerfile: root.Combine("src/Api/Dockerfile"))).ShouldNotBeNull();

        service.Name.ShouldBe("api");
        service.Project.ShouldBe("myshop");
        service.File.ShouldBe(root.Combine("compose.yaml"));
        service.Environment.ShouldBe(new Dictionary<string, string>
        {
            ["FROM_FILE"] = "file value",
            ["OVERRIDDEN"] = "compose",
            ["ConnectionStrings__redis"] = "cache:6379",
            ["Fallback"] = "fallback",
            ["Dollar"] = "$HOME",
            ["FROM_DOT_ENV"] = "dot env",
        }, ignoreOrder: true);
        service.Ports.ShouldBe([new PortMapping(5100, 8080), new PortMapping(5101, 8081)]);
        service.Networks.ShouldBe([new ComposeNetwork("front", "myshop_front", false), new ComposeNetwork("shared", "company-net", true)]);
        service.NamesOn(service.Networks[0]).ShouldBe(["api", "shop-api"]);
        service.NamesOn(service.Networks[1]).ShouldBe(["api"]);
        service.DependsOn.ShouldBe(["cache"]);

        // COMPOSE_PROJECT_NAME, from the environment or .env, comes before the file's name.
        root.Write(".env", "COMPOSE_PROJECT_NAME=Staging\nTAG=7\nREDIS_HOST=cache\n");
        ComposeFile.Find(Project(project, dockerfile: root.Combine("src/Api/Dockerfile")))!.Networks[0].Name.ShouldBe("staging_front");
        service.UpCommand(["cache"]).ShouldBe($"docker compose -f {root.Combine("compose.yaml")} up -d cache");
    }

    [Fact]
    public void A_service_is_found_by_its_build_context_or_its_image_and_others_are_not_taken()
    {
        using var root = new TempDirectory();
        var project = root.Write("Api/Api.csproj", "<Project />");
        root.Write("Api/docker-compose.yml", "services:\n  web:\n    build: .\n");
        ComposeFile.Find(Project(project))!.ShouldSatisfyAllConditions(
            s => s.Name.ShouldBe("web"),
            s => s.Project.ShouldBe("api"),
            s => s.Networks.ShouldBe([new ComposeNetwork("default", "api_default", false)]));

        root.Write("Api/docker-compose.yml", "services:\n  web:\n    image: registry.example.com/shop/api:dev\n");
        ComposeFile.Find(Project(project))!.Name.ShouldBe("web");
        ComposeFile.Find(Project(project, image: "other")).ShouldBeNull();
    }

    [Fact]
    public void Visual_Studio_s_compose_files_are_read_with_their_override()
    {
        using var root = new TempDirectory();
        root.Write("Shop.sln", "");
        var project = root.Write("WebApp/WebApp.csproj", "<Project />");
        root.Write("docker-compose.yml", """
            services:
              webapp:
                image: ${DOCKER_REGISTRY-}webapp
                build:
                  context: .
                  dockerfile: WebApp/Dockerfile
            """);
        root.Write("docker-compose.override.yml", """
            services:
              webapp:
                environment:
                  - ASPNETCORE_ENVIRONMENT=Development
                  - ASPNETCORE_HTTP_PORTS=8080
                ports:
                  - "8080"
                  - "5200:8080"
            """);

        var service = ComposeFile.Find(Project(project, dockerfile: root.Combine("WebApp/Dockerfile"))).ShouldNotBeNull();

        service.Name.ShouldBe("webapp");
        service.Environment.ShouldBe(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["ASPNETCORE_HTTP_PORTS"] = "8080" }, ignoreOrder: true);
        service.Ports.ShouldBe([new PortMapping(5200, 8080)]); // "8080" alone publishes on a port the engine picks: not one the tool can name
    }

    [Fact]
    public void A_broken_file_or_a_missing_variable_is_one_clear_error()
    {
        using var root = new TempDirectory();
        var project = root.Write("Api/Api.csproj", "<Project />");
        root.Write("Api/compose.yaml", "services:\n  api:\n    build: .\n    environment:\n      KEY: ${NOPE:?set NOPE first}\n");
        Should.Throw<LiveException>(() => ComposeFile.Find(Project(project))).Message.ShouldSatisfyAllConditions(
            m => m.ShouldStartWith("DLIVE3009: "),
            m => m.ShouldContain("set NOPE first"));

        root.Write("Api/compose.yaml", "services:\n  api: [\n");
        Should.Throw<LiveException>(() => ComposeFile.Find(Project(project))).Message.ShouldStartWith("DLIVE3009: The Compose file " + root.Combine("Api/compose.yaml"));
    }
}
