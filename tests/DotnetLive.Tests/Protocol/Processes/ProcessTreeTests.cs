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

    /// <summary>
    /// Audit L3: a marked child's stop also stops what left its tree — a daemon that double-forked into a
    /// session of its own before the stop, and a child it started while stopping (after the descendants
    /// were taken) — and no one else's process of the same command.
    /// </summary>
    [Fact]
    public async Task A_marked_childs_stop_also_stops_what_left_its_tree_and_what_it_started_while_stopping()
    {
        var id = Random.Shared.Next(10_000, 99_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string Sleep(int which) => $"sleep 4{which}{id}";

        // The sleeps themselves, not the shell whose script names them.
        List<int> Sleeping(int which) => [.. Testing.Processes.Mentioning(Sleep(which)).Where(p => p.CommandLine.StartsWith("sleep ", StringComparison.Ordinal)).Select(p => p.Pid)];
        using var bystander = Process.Start(new ProcessStartInfo("sh", ["-c", $"exec {Sleep(3)}"]))!;
        var spec = new ProcessSpec("sh", ["-c", $"({Sleep(1)} </dev/null >/dev/null 2>&1 & ) ; setsid -f {Sleep(1)} </dev/null >/dev/null 2>&1; trap '{Sleep(2)} & exit 0' TERM; echo ready; while :; do sleep 0.05; done"])
        {
            Marked = true,
            GracePeriod = TimeSpan.FromSeconds(5),
            OnOutput = (_, _) => { },
        };
        using var child = ChildProcess.Start(spec);
        await Eventually.UntilAsync("the two daemons, out of the child's tree", () =>
            Sleeping(1) is { Count: 2 } daemons && daemons.All(p => Testing.Processes.ParentOf(p) != child.Id), TimeSpan.FromSeconds(10));

        await child.StopAsync();

        Sleeping(1).ShouldBeEmpty("a daemon that left the tree outlived the stop");
        Sleeping(2).ShouldBeEmpty("a child started during the grace period outlived the stop");
        Sleeping(3).ShouldHaveSingleItem("a process the child did not start was stopped");
        bystander.Kill();
    }
}
