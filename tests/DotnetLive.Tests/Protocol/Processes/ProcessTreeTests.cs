using System.Diagnostics;
using DotnetLive.Protocol.Processes;
using DotnetLive.Testing;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Protocol.Processes;

public sealed class ProcessTreeTests
{
    [Fact]
    public async Task The_processes_an_app_started_are_found_and_stopped()
    {
        using var shell = Process.Start(new ProcessStartInfo("sh", ["-c", "sleep 300 & sleep 300 & wait"]))!;
        IReadOnlyList<(int Pid, long Start)> children = [];
        await Eventually.UntilAsync("the shell's two sleeps", () =>
        {
            children = ProcessTree.Descendants(shell.Id);
            return children.Count == 2;
        }, TimeSpan.FromSeconds(10));

        await ProcessTree.StopAsync(children, TimeSpan.FromSeconds(5));

        await shell.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        foreach (var (pid, _) in children)
        {
            Testing.Processes.Mentioning("sleep 300").ShouldNotContain(p => p.Pid == pid);
        }
    }
}
