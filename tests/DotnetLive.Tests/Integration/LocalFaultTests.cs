using DotnetLive.Testing;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Integration;

/// <summary>Faults around the real tool on the local target: each leaves a working loop behind.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class LocalFaultTests
{
    private static async Task<(SampleCopy Sample, ToolRun Tool)> DeployAsync()
    {
        var sample = new SampleCopy(Repository.Sample("WebApi"));
        var tool = ToolRun.Start(sample.Directory, "--no-hot-reload", "--verbose");
        await tool.WaitDeployedAsync();
        return (sample, tool);
    }

    private static IReadOnlyList<(int Pid, string CommandLine)> Apps(SampleCopy sample) =>
        Processes.Mentioning(sample.Directory).Where(p => p.CommandLine.Contains("/releases/", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task A_killed_synclet_is_restarted_its_orphaned_app_stopped_and_the_app_served_again()
    {
        var (sample, tool) = await DeployAsync();
        using (sample)
        await using (tool)
        {
            var synclet = Processes.Mentioning(sample.Directory).Single(p => p.CommandLine.Contains("DotnetLive.Synclet.dll", StringComparison.Ordinal));
            var oldApp = int.Parse(await Http.GetAsync(sample.Url("/pid")));
            var mark = tool.Output.Count;

            Processes.Signal(synclet.Pid, 9);

            await tool.WaitAsync("the reconnection", l => l.Contains("reconnected to the synclet"), mark, 90);
            tool.Output.Lines.Skip(mark).ShouldContain(l => l.Contains("reconnecting in"));
            await tool.WaitAsync("the new app", l => l.Contains("app ready (pid"), mark, 90);
            (await Http.GetAsync(sample.Url())).ShouldBe("Hello from dotnet-live!");
            int.Parse(await Http.GetAsync(sample.Url("/pid"))).ShouldNotBe(oldApp);
            Apps(sample).ShouldHaveSingleItem($"{string.Join("\n", Apps(sample))}\n{tool.Transcript}").Pid.ShouldNotBe(oldApp);

            mark = tool.Output.Count;
            sample.Edit("Greeting.cs", "Hello from dotnet-live!", "After the synclet died");
            await tool.WaitAsync("the update line", l => l.Contains("updated: "), mark, 90);
            (await Http.GetAsync(sample.Url())).ShouldBe("After the synclet died");
            (await tool.StopAsync()).ShouldBe(0);
        }
    }

    [Fact]
    public async Task An_app_killed_mid_request_is_reported_and_the_next_edit_restarts_it()
    {
        var (sample, tool) = await DeployAsync();
        using (sample)
        await using (tool)
        {
            var app = int.Parse(await Http.GetAsync(sample.Url("/pid")));
            var inFlight = Http.GetAsync(sample.Url("/weather"));
            var mark = tool.Output.Count;

            Processes.Signal(app, 9);

            await tool.WaitAsync("the crash", l => l.Contains("app exited with code 137"), mark, 60);
            await inFlight.ContinueWith(_ => { });
            sample.Edit("Greeting.cs", "Hello from dotnet-live!", "Back after a kill");
            await tool.WaitAsync("the update line", l => l.Contains("updated: "), mark, 90);
            (await Http.GetAsync(sample.Url())).ShouldBe("Back after a kill");
            (await tool.StopAsync()).ShouldBe(0);
        }
    }

    [Fact]
    public async Task Deleting_a_source_file_fails_the_build_keeps_the_app_and_restoring_it_recovers()
    {
        var (sample, tool) = await DeployAsync();
        using (sample)
        await using (tool)
        {
            var greeting = File.ReadAllText(sample.PathOf("Greeting.cs"));
            var mark = tool.Output.Count;

            File.Delete(sample.PathOf("Greeting.cs"));

            await tool.WaitAsync("the compiler error", l => l.Contains("Program.cs(") && l.Contains("error CS0103"), mark, 90);
            (await Http.GetAsync(sample.Url())).ShouldBe("Hello from dotnet-live!");

            mark = tool.Output.Count;
            File.WriteAllText(sample.PathOf("Greeting.cs"), greeting.Replace("Hello from dotnet-live!", "Restored", StringComparison.Ordinal));
            await tool.WaitAsync("the update line", l => l.Contains("updated: "), mark, 90);
            (await Http.GetAsync(sample.Url())).ShouldBe("Restored");
            (await tool.StopAsync()).ShouldBe(0);
        }
    }
}
