using DotnetLive.Tool.FileWatching;
using DotnetLive.Tool.Projects;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tool.FileWatching;

public sealed class ProjectWatcherTests
{
    private static readonly ProjectModel Project = new(
        "/src/App/App.csproj",
        "App.dll",
        "/src/App/bin/Debug/net10.0",
        "/src/App/obj/Debug/net10.0/dotnet-live/manifest.json",
        "/src/App/obj/dotnet-live/session.json",
        LiveTarget: "",
        LiveBaseImage: "",
        LivePorts: "",
        TargetFrameworkVersion: "v10.0",
        IsWeb: true,
        SourceFiles: new HashSet<string> { "/src/App/Program.cs", "/src/App/appsettings.json", "/src/Lib/Lib.cs" },
        ProjectFiles: new HashSet<string> { "/src/App/App.csproj", "/src/Directory.Build.props", "/src/Lib/Lib.csproj" },
        ProjectDirectories: ["/src/App", "/src/Lib"],
        IgnoredDirectories: ["/src/App/bin", "/src/App/obj", "/src/Lib/bin", "/src/Lib/obj"],
        Kubernetes: new KubernetesSettings("", [], "", "", 1, "app"));

    [Theory]
    [InlineData("/src/App/Program.cs", WatcherChangeTypes.Changed, "Content")]
    [InlineData("/src/App/Program.cs", WatcherChangeTypes.Created, "Content")]
    [InlineData("/src/App/Program.cs", WatcherChangeTypes.Deleted, "Structure")]
    [InlineData("/src/Lib/Lib.cs", WatcherChangeTypes.Changed, "Content")]
    [InlineData("/src/App/App.csproj", WatcherChangeTypes.Changed, "ProjectFile")]
    [InlineData("/src/Directory.Build.props", WatcherChangeTypes.Changed, "ProjectFile")]
    [InlineData("/src/App/NewFile.cs", WatcherChangeTypes.Created, "Structure")]
    public void Events_are_classified_against_the_evaluated_project(string path, WatcherChangeTypes type, string expected)
    {
        ProjectWatcher.Classify(Project, path, type).ShouldBe(Enum.Parse<FileChangeKind>(expected));
    }

    [Theory]
    [InlineData("/src/App/bin/Debug/net10.0/App.dll", WatcherChangeTypes.Changed)]
    [InlineData("/src/App/obj/Debug/net10.0/App.dll", WatcherChangeTypes.Created)]
    [InlineData("/src/App/.git/index", WatcherChangeTypes.Changed)]
    [InlineData("/src/App/.Program.cs.swp", WatcherChangeTypes.Created)]
    [InlineData("/src/App/README.md", WatcherChangeTypes.Changed)]
    public void Build_output_hidden_files_and_unrelated_edits_are_ignored(string path, WatcherChangeTypes type)
    {
        ProjectWatcher.Classify(Project, path, type).ShouldBeNull();
    }
}
