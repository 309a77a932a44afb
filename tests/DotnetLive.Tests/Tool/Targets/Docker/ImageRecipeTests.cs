using DotnetLive.Testing;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.Targets.Docker;
using DotnetLive.Tool.UI;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tool.Targets.Docker;

/// <summary>What the dev image is made on, from the project's Dockerfile or its container properties.</summary>
public sealed class ImageRecipeTests
{
    private static ProjectModel Project(string directory, ContainerSettings settings) => new(
        Path.Combine(directory, "Api.csproj"), "Api.dll", "bin", "m.json", "s.json", "docker", "", "", "v10.0", true,
        new HashSet<string>(), new HashSet<string>(), [], [], new KubernetesSettings("", [], "", "", 1, "api"), Container: settings);

    [Fact]
    public void Container_properties_become_quoted_lines_and_a_dollar_is_not_expanded()
    {
        var settings = ContainerSettings.None with
        {
            Environment = [new("GREETING", "say \"hi\" for $5")],
            Labels = [new("org.opencontainers.image.title", "api")],
            WorkingDirectory = "/srv/api",
            Ports = ["8080/tcp", "9090/udp"],
        };

        ImageRecipe.PropertyLines(settings).ShouldBe([
            "ENV GREETING=\"say \\\"hi\\\" for \\$5\"",
            "LABEL \"org.opencontainers.image.title\"=\"api\"",
            "WORKDIR /srv/api",
            "EXPOSE 8080/tcp",
            "EXPOSE 9090/udp",
        ]);
    }

    [Fact]
    public void The_user_is_part_of_what_the_image_is_made_from()
    {
        using var folder = new TempDirectory();
        var root = ImageRecipe.For(Project(folder.Path, ContainerSettings.None));
        var app = ImageRecipe.For(Project(folder.Path, ContainerSettings.None with { User = "1654" }));

        app.Digest.ShouldNotBe(root.Digest);
        app.User.ShouldBe("1654");
        root.RunsAsAppUid.ShouldBeTrue();
        app.RunsAsAppUid.ShouldBeFalse();
    }

    [Fact]
    public void A_Dockerfile_without_the_default_stage_is_not_used_and_one_without_the_stage_set_is_an_error()
    {
        using var folder = new TempDirectory();
        var dockerfile = folder.Write("Dockerfile", "FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nRUN dotnet publish -o /out\nFROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final\nCOPY --from=build /out /app\n");
        var settings = ContainerSettings.None with { Dockerfile = dockerfile, Context = folder.Path };

        // The shape `docker init` makes: for production only. The dev image is made as without it.
        var recipe = ImageRecipe.For(Project(folder.Path, settings));
        recipe.IgnoredDockerfile.ShouldBe(dockerfile);
        recipe.Description.ShouldBe("mcr.microsoft.com/dotnet/aspnet:10.0");

        ImageRecipe.For(Project(folder.Path, settings with { FastModeStage = "final" })).Description.ShouldBe($"the 'final' stage of {dockerfile}");
        Should.Throw<LiveException>(() => ImageRecipe.For(Project(folder.Path, settings with { FastModeStage = "debug" }))).Message.ShouldStartWith("DLIVE3008: ");
    }

    [Fact]
    public void Only_what_the_stages_copy_makes_the_image_again_and_a_dangling_link_is_no_error()
    {
        using var folder = new TempDirectory();
        var dockerfile = folder.Write("Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS base\nCOPY certs/ /usr/local/share/ca-certificates/\n");
        folder.Write("certs/a.crt", "one");
        folder.Write("Program.cs", "// code");
        File.CreateSymbolicLink(folder.Combine("certs/gone.crt"), "/nowhere/gone.crt");
        var project = Project(folder.Path, ContainerSettings.None with { Dockerfile = dockerfile, Context = folder.Path });
        var before = ImageRecipe.For(project).Digest;

        folder.Write("Program.cs", "// edited");
        ImageRecipe.For(project).Digest.ShouldBe(before);

        folder.Write("certs/a.crt", "two");
        ImageRecipe.For(project).Digest.ShouldNotBe(before);
    }
}
