using DotnetLive.Testing;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.UI;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tool.Projects;

public sealed class ProjectLocatorTests
{
    [Fact]
    public void The_single_project_in_the_folder_is_found()
    {
        using var dir = new TempDirectory();
        var project = dir.Write("App.csproj", "<Project />");
        dir.Write("README.md", "");

        ProjectLocator.Find(null, dir.Path).ShouldBe(project);
        ProjectLocator.Find(dir.Path, "/").ShouldBe(project);
        ProjectLocator.Find("App.csproj", dir.Path).ShouldBe(project);
    }

    [Fact]
    public void No_project_says_how_to_name_one()
    {
        using var dir = new TempDirectory();

        var error = Should.Throw<LiveException>(() => ProjectLocator.Find(null, dir.Path));

        error.Message.ShouldStartWith("DLIVE1001");
        error.Message.ShouldContain("--project");
        error.ExitCode.ShouldBe(1);
    }

    [Fact]
    public void Several_projects_are_listed()
    {
        using var dir = new TempDirectory();
        dir.Write("A.csproj", "<Project />");
        dir.Write("B.fsproj", "<Project />");

        var error = Should.Throw<LiveException>(() => ProjectLocator.Find(null, dir.Path));

        error.Message.ShouldStartWith("DLIVE1002");
        error.Message.ShouldContain("A.csproj, B.fsproj");
    }

    [Fact]
    public void A_missing_path_is_named()
    {
        Should.Throw<LiveException>(() => ProjectLocator.Find("/nonexistent/x", "/")).Message.ShouldStartWith("DLIVE1003");
    }

    [Fact]
    public void A_folder_without_a_project_runs_its_solution_and_a_project_beside_one_wins()
    {
        using var dir = new TempDirectory();
        var solution = dir.Write("Shop.slnx", "<Solution />");

        ProjectLocator.Find(null, dir.Path).ShouldBe(solution);
        ProjectLocator.IsSolution(solution).ShouldBeTrue();

        var project = dir.Write("Tool.csproj", "<Project />");
        ProjectLocator.Find(null, dir.Path).ShouldBe(project);
        ProjectLocator.Find("Shop.slnx", dir.Path).ShouldBe(solution);
    }

    [Fact]
    public void Several_solutions_are_listed()
    {
        using var dir = new TempDirectory();
        dir.Write("A.sln", "");
        dir.Write("B.slnx", "<Solution />");

        var error = Should.Throw<LiveException>(() => ProjectLocator.Find(null, dir.Path));

        error.Message.ShouldStartWith("DLIVE1002");
        error.Message.ShouldContain("A.sln, B.slnx");
    }
}
