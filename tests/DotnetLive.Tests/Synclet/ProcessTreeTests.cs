using System.Diagnostics;
using DotnetLive.Synclet.Supervision;
using DotnetLive.Testing;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Synclet;

public sealed class ProcessTreeTests
{
    [Fact]
    public async Task The_processes_an_app_started_are_found_and_stopped()
    {
        using var shell = Process.Start(new ProcessStartInfo("sh", ["-c", "sleep 300 & sleep 300 & wait"]))!;
        var children = await WaitForAsync(() => ProcessTree.Descendants(shell.Id), c => c.Count == 2);

        await ProcessTree.StopAsync(children, TimeSpan.FromSeconds(5));

        await shell.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        foreach (var (pid, _) in children)
        {
            Processes.Mentioning("sleep 300").ShouldNotContain(p => p.Pid == pid);
        }
    }

    private static async Task<T> WaitForAsync<T>(Func<T> read, Func<T, bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var value = read();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
