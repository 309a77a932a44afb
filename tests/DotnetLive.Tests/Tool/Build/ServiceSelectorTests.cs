using DotnetLive.Testing;
using DotnetLive.Tool.Build;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.UI;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tool.Build;

/// <summary>Which projects of a solution are its services, and their names, as MSBuild evaluates them.</summary>
public sealed class ServiceSelectorTests
{
    private static readonly Dictionary<string, string> NoProperties = [];

    private static void Project(TempDirectory dir, string name, string properties) =>
        dir.Write($"{name}/{name}.csproj", $"<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework>{properties}</PropertyGroup></Project>");

    [Fact]
    public void Apps_are_services_test_projects_libraries_and_opted_out_ones_are_not_and_a_service_can_be_renamed()
    {
        InProcessMsBuild.Register();
        using var dir = new TempDirectory();
        Project(dir, "Shop.Api", "<OutputType>Exe</OutputType>");
        Project(dir, "Billing", "<OutputType>Exe</OutputType><LiveServiceName>payments</LiveServiceName>");
        Project(dir, "Tools", "<OutputType>Exe</OutputType><LiveService>false</LiveService>");
        Project(dir, "Shop.Api.Tests", "<OutputType>Exe</OutputType><IsTestProject>true</IsTestProject>");
        Project(dir, "Shared", "");
        var solution = dir.Write("Shop.slnx", "<Solution>\n" + string.Concat(new[] { "Shared", "Shop.Api", "Billing", "Tools", "Shop.Api.Tests" }.Select(p => $"  <Project Path=\"{p}/{p}.csproj\" />\n")) + "</Solution>\n");

        ServiceSelector.Select([solution], [], "Debug", NoProperties).ShouldBe(
        [
            new SessionService("shop-api", dir.Combine("Shop.Api", "Shop.Api.csproj")),
            new SessionService("payments", dir.Combine("Billing", "Billing.csproj")),
        ], ignoreOrder: true);
        ServiceSelector.Select([solution], ["payments"], "Debug", NoProperties).Select(s => s.Name).ShouldBe(["payments"]);
        Should.Throw<LiveException>(() => ServiceSelector.Select([solution], ["tools"], "Debug", NoProperties)).Message
            .ShouldStartWith("DLIVE1011: --only names tools, which Shop.slnx does not run as a service; its services are: payments, shop-api.");
    }

    [Fact]
    public void A_solution_without_an_app_and_two_projects_with_one_name_say_what_to_change()
    {
        InProcessMsBuild.Register();
        using var dir = new TempDirectory();
        Project(dir, "Shared", "");
        var libraries = dir.Write("Libraries.slnx", "<Solution>\n  <Project Path=\"Shared/Shared.csproj\" />\n</Solution>\n");
        Should.Throw<LiveException>(() => ServiceSelector.Select([libraries], [], "Debug", NoProperties)).Message.ShouldStartWith("DLIVE1010");

        Project(dir, "Api", "<OutputType>Exe</OutputType>");
        Project(dir, "Worker", "<OutputType>Exe</OutputType><LiveServiceName>Api</LiveServiceName>");
        var twice = Should.Throw<LiveException>(() => ServiceSelector.Select([dir.Combine("Api", "Api.csproj"), dir.Combine("Worker", "Worker.csproj")], [], "Debug", NoProperties)).Message;
        twice.ShouldStartWith("DLIVE1012: Two projects would be the service 'api'");
    }
}
