using DotnetLive.Testing;
using DotnetLive.Tool.Targets.Docker;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tool.Targets.Docker;

/// <summary>The stages of a Dockerfile and the context files the fast-mode stage needs.</summary>
public sealed class DockerfileTests
{
    /// <summary>The shape Visual Studio generates, with a stage that copies from another.</summary>
    private const string VisualStudio = """
        # This stage is used when running from VS in fast mode
        FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS base
        USER $APP_UID
        WORKDIR /app
        COPY ["Api/certs/", "/usr/local/share/ca-certificates/"]
        COPY --chown=app \
             Api/appsettings.Container.json /etc/api/
        EXPOSE 8080

        FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
        WORKDIR /src
        COPY ["Api/Api.csproj", "Api/"]
        COPY . .

        FROM build AS publish
        RUN dotnet publish -o /app/publish

        FROM base AS final
        COPY --from=publish /app/publish .
        ENTRYPOINT ["dotnet", "Api.dll"]
        """;

    [Fact]
    public void The_base_stage_is_built_alone_and_copies_what_its_COPY_lines_name()
    {
        var dockerfile = Dockerfile.Parse(VisualStudio);

        dockerfile.Stages.Select(s => s.Name).ShouldBe(["base", "build", "publish", "final"]);
        dockerfile.UpTo("BASE").ShouldNotBeNull().ShouldHaveSingleItem().Sources.ShouldBe(["Api/certs/", "Api/appsettings.Container.json"]);
        dockerfile.UpTo("debug").ShouldBeNull();
    }

    [Fact]
    public void A_later_stage_needs_every_stage_before_it_as_the_classic_builder_runs_them_and_copies_from_others_are_no_context()
    {
        var dockerfile = Dockerfile.Parse(VisualStudio);

        dockerfile.UpTo("publish")!.Select(s => s.Name).ShouldBe(["base", "build", "publish"]);
        dockerfile.UpTo("final")!.SelectMany(s => s.Sources).ShouldBe(["Api/certs/", "Api/appsettings.Container.json", "Api/Api.csproj", "."]);
    }

    [Fact]
    public void The_escape_directive_comments_and_empty_lines_in_continuations_are_understood()
    {
        var dockerfile = Dockerfile.Parse("# escape=`\nFROM img AS one\nFROM other AS two\nCOPY --from=0 /a /b\nADD https://example.com/x.tgz `\n\n  # a comment\n  local.txt /c/\n");

        dockerfile.UpTo("two")!.Select(s => s.Name).ShouldBe(["one", "two"]);
        dockerfile.UpTo("1").ShouldBeNull(); // a target is a stage's name
        dockerfile.Stages[1].Sources.ShouldBe(["local.txt"]);

        // After an ordinary comment, `# escape=` is a comment too: '\\' continues lines.
        Dockerfile.Parse("# a note\n# escape=`\nFROM img AS base\nCOPY a \\\n  b /c/\n").Stages[0].Sources.ShouldBe(["a", "b"]);
    }

    [Fact]
    public void Context_files_are_what_the_sources_name_less_what_dockerignore_excludes()
    {
        using var context = new TempDirectory();
        foreach (var file in (string[])["Api/certs/a.crt", "Api/certs/sub/b.crt", "Api/certs/bin/c.crt", "Api/appsettings.Container.json", "Api/Program.cs", "Api/bin/Debug/Api.dll", "README.md", "Api/certs/keep.secret", "Api/certs/x.secret"])
        {
            context.Write(file, file);
        }

        context.Write(".dockerignore", "# VS's\n**/bin\n**/obj\n*.secret\n**/*.secret\n!Api/certs/keep.secret\n");

        ContextFiles.Select(context.Path, ["Api/certs/", "./Api/appsettings.Container.json"])
            .ShouldBe(["Api/appsettings.Container.json", "Api/certs/a.crt", "Api/certs/keep.secret", "Api/certs/sub/b.crt"]);
        ContextFiles.Select(context.Path, ["Api/*.cs", "READ?E.[lm]d"]).ShouldBe(["Api/Program.cs", "README.md"]);
        ContextFiles.Select(context.Path, []).ShouldBeEmpty();
        ContextFiles.Select(context.Path, ["."]).Count.ShouldBe(7);
        ContextFiles.Select(context.Path, ["$CONFIG/x"]).Count.ShouldBe(7); // a variable: the whole context, as the engine may need any of it
    }
}
