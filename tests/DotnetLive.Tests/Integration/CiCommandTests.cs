using DotnetLive.Protocol.Errors;
using DotnetLive.Testing;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Integration;

/// <summary>`dotnet live ci`: up and exit 0, or the reason and a non-zero exit; nothing left running on the local target.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class CiCommandTests
{
    private const int Seconds = 240;

    [Theory]
    [InlineData("WebApi")]
    [InlineData("Worker")]
    public async Task A_healthy_app_is_up_and_ci_exits_0_leaving_nothing_running(string sampleName)
    {
        using var sample = new SampleCopy(Repository.Sample(sampleName));
        await using var tool = ToolRun.Start(sample.Directory, "ci");

        (await tool.ExitCodeAsync(Seconds)).ShouldBe(0, tool.Transcript);
        tool.Output.Lines.ShouldContain(l => l.Contains("ci: the app is up (ready)"), tool.Transcript);
        Processes.Mentioning(sample.Directory).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_app_that_throws_at_start_fails_ci_naming_the_exception()
    {
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        sample.Edit("Program.cs", "var app = builder.Build();", "var app = builder.Build();\nthrow new InvalidOperationException(\"no database\");");
        await using var tool = ToolRun.Start(sample.Directory, "ci");

        (await tool.ExitCodeAsync(Seconds)).ShouldBe(5, tool.Transcript);
        tool.Output.Lines.ShouldContain(l => l.Contains(DiagnosticCodes.CiAppFailed + ": The app did not come up: it crashed with System.InvalidOperationException: no database"), tool.Transcript);
        Processes.Mentioning(sample.Directory).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_build_error_fails_ci_with_the_compiler_s_error_and_an_app_not_up_in_time_times_out()
    {
        using var broken = new SampleCopy(Repository.Sample("WebApi"));
        broken.Edit("Greeting.cs", "\"Hello from dotnet-live!\";", "\"broken\"");
        await using (var tool = ToolRun.Start(broken.Directory, "ci"))
        {
            (await tool.ExitCodeAsync(Seconds)).ShouldBe(2, tool.Transcript);
            tool.Output.Lines.ShouldContain(l => l.Contains("error CS1002"), tool.Transcript);
            tool.Output.Lines.ShouldContain(l => l.Contains(DiagnosticCodes.BuildFailed), tool.Transcript);
        }

        using var slow = new SampleCopy(Repository.Sample("WebApi"));
        await using (var tool = ToolRun.Start(slow.Directory, "ci", "--timeout", "1"))
        {
            (await tool.ExitCodeAsync(Seconds)).ShouldBe(5, tool.Transcript);
            tool.Output.Lines.ShouldContain(l => l.Contains(DiagnosticCodes.CiTimedOut + ": The app was not up within 1 s"), tool.Transcript);
        }

        // Nothing of the session is left a second after the tool exits (two here: the machine is loaded).
        await Eventually.UntilAsync("no process of the session left", () => Processes.Mentioning(slow.Directory).Count == 0, TimeSpan.FromSeconds(2));
    }
}
