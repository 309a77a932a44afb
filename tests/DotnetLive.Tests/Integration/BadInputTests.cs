using DotnetLive.Testing;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Integration;

/// <summary>Bad input ends with one clear message, a documented exit code, and no stack trace.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class BadInputTests
{
    private static async Task<(int Code, string Output)> RunAsync(string directory, params string[] arguments)
    {
        await using var tool = ToolRun.Start(directory, arguments);
        var code = await tool.ExitCodeAsync(120);
        return (code, tool.Transcript);
    }

    [Fact]
    public async Task No_project_in_the_folder()
    {
        using var dir = new TempDirectory();

        var (code, output) = await RunAsync(dir.Path);

        code.ShouldBe(1);
        output.ShouldContain("error DLIVE1001");
        output.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task A_broken_project_file()
    {
        using var dir = new TempDirectory();
        dir.Write("Broken.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup>");

        var (code, output) = await RunAsync(dir.Path);

        code.ShouldBe(1, output);
        output.ShouldContain("DLIVE1005");
        output.ShouldContain("Broken.csproj");
        output.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task A_library_is_not_an_app()
    {
        using var dir = new TempDirectory();
        dir.Write("Lib.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");

        var (code, output) = await RunAsync(dir.Path);

        code.ShouldBe(1, output);
        output.ShouldContain("DLIVE1007");
    }

    [Fact]
    public async Task A_port_another_process_holds()
    {
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, sample.Port);
        holder.Start();

        var (code, output) = await RunAsync(sample.Directory);

        code.ShouldBe(1, output);
        output.ShouldContain($"error DLIVE1008: Port {sample.Port} of http://localhost:{sample.Port}/ is in use by another process.");
        Processes.Mentioning(sample.Directory).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_sdk_that_is_not_installed()
    {
        using var dir = new TempDirectory();
        dir.Write("global.json", "{ \"sdk\": { \"version\": \"99.0.100\", \"rollForward\": \"disable\" } }");
        dir.Write("App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");

        var (code, output) = await RunAsync(dir.Path);

        code.ShouldBe(2, output);
        output.ShouldContain("error DLIVE2001: No .NET SDK was found");
        output.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task An_unknown_target_or_option()
    {
        using var dir = new TempDirectory();
        dir.Write("App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");

        (await RunAsync(dir.Path, "--target", "moon")).ShouldSatisfyAllConditions(
            r => r.Code.ShouldBe(1),
            r => r.Output.ShouldContain("DLIVE1004"));
        (await RunAsync(dir.Path, "--frobnicate")).ShouldSatisfyAllConditions(
            r => r.Code.ShouldBe(1),
            r => r.Output.ShouldContain("DLIVE1006"));
    }
}
