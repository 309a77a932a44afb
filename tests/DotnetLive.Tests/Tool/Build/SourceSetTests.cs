using DotnetLive.Testing;
using DotnetLive.Tool.Build;
using DotnetLive.Tool.Projects;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tool.Build;

/// <summary>What building in the cluster ships, from a project's evaluation.</summary>
public sealed class SourceSetTests
{
    [Fact]
    public void The_root_holds_every_input_the_project_path_is_relative_to_it_and_build_outputs_are_left_out()
    {
        using var dir = new TempDirectory();
        var files = new[] { "src/App/App.csproj", "src/App/Program.cs", "src/App/obj/Debug/net10.0/App.AssemblyInfo.cs", "src/Lib/Lib.csproj", "src/Lib/Lib.cs", "src/Directory.Build.props" }
            .Select(f => dir.Write(f, f)).ToArray();
        var project = new ProjectModel(
            files[0], "App.dll", dir.Combine("src/App/bin/Debug/net10.0"), dir.Combine("src/App/obj/m.json"), dir.Combine("src/App/obj/dotnet-live/session.json"),
            LiveTarget: "docker", LiveBaseImage: "", LivePorts: "", TargetFrameworkVersion: "v10.0", IsWeb: false,
            SourceFiles: new HashSet<string> { files[1], files[2], files[4], dir.Combine("src/App/Gone.cs") },
            ProjectFiles: new HashSet<string> { files[0], files[3], files[5] },
            ProjectDirectories: [dir.Combine("src/App"), dir.Combine("src/Lib")],
            IgnoredDirectories: [dir.Combine("src/App/bin"), dir.Combine("src/App/obj"), dir.Combine("src/Lib/bin"), dir.Combine("src/Lib/obj")],
            Kubernetes: new KubernetesSettings("", [], "", "", 1, "app"),
            LiveBuildIn: "cluster");

        var sources = SourceSet.From(project);

        sources.Root.ShouldBe(dir.Combine("src"));
        sources.Project.ShouldBe("App/App.csproj");
        sources.Manifest().Entries.Select(e => e.Path).ShouldBe(["App/App.csproj", "App/Program.cs", "Directory.Build.props", "Lib/Lib.cs", "Lib/Lib.csproj"], ignoreOrder: true);
        sources.LocalPath("Lib/Lib.cs").ShouldBe(files[4]);
        project.BaseImage.ShouldBe("mcr.microsoft.com/dotnet/sdk:10.0");
    }
}
