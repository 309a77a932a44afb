using System.Threading.Channels;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Processes;
using DotnetLive.Testing;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Integration;

/// <summary>
/// The synclet as its container's first process, as in a pod, where no init runs (audit H4, L3): run as
/// PID 1 of a PID namespace of its own (`unshare`, as root: CI runs as root), supervising a real app that
/// leaves orphans and a daemon behind. The orphans, re-parented to PID 1 when their parent exits, are
/// collected (the .NET runtime of a PID 1 does it: no zombie is left), and the daemon, which left the
/// app's tree into a session of its own, is stopped with the app.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class SyncletAsInitTests
{
    [Fact]
    public async Task As_PID_1_it_collects_orphans_and_stops_what_the_app_started_with_the_app()
    {
        var daemon = $"sleep 5{Random.Shared.Next(10_000, 99_999).ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        using var app = await SampleCopy.FromTemplateAsync("console", "Orphans");
        File.WriteAllText(app.PathOf("Program.cs"), $$"""
            using System.Diagnostics;

            // Each shell exits at once: its sleep is orphaned, re-parented to PID 1, and exits soon after.
            for (var i = 0; i < 5; i++)
            {
                Process.Start("sh", ["-c", "sleep 0.2 &"])!.WaitForExit();
            }

            Process.Start("setsid", ["-f", "sh", "-c", "exec {{daemon}}"])!.WaitForExit();
            Console.WriteLine("orphans made");
            Thread.Sleep(Timeout.Infinite);
            """);
        var (exitCode, output) = await DotnetCli.RunAsync(app.Directory, ["build"]);
        exitCode.ShouldBe(0, output);

        await using var synclet = await SyncletHost.StartUnderAsync(["unshare", "--pid", "--fork", "--mount-proc"], arguments: ["--entry", "Orphans.dll"]);
        var init = ProcessTree.Descendants(synclet.Pid).ShouldHaveSingleItem("the synclet, unshare's only child").Pid;
        File.ReadAllText($"/proc/{init}/status").ShouldContain("NSpid:\t" + init + "\t1\n", customMessage: "the synclet is not PID 1 of its namespace");

        var events = Channel.CreateUnbounded<AppEvent>();
        await using var client = await synclet.ConnectAsync(onEvent: e => events.Writer.TryWrite(e));
        (await client.RestartWithAsync(app.PathOf("bin/Debug/net10.0"))).Error.ShouldBeNull();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while ((await events.Reader.ReadAsync(timeout.Token)) is not { Kind: AppEventKind.Stdout, Text: "orphans made" })
            {
            }
        }

        List<int> Daemons() => [.. Processes.Mentioning(daemon).Where(p => p.CommandLine.StartsWith("sleep ", StringComparison.Ordinal)).Select(p => p.Pid)];
        var first = Daemons().ShouldHaveSingleItem("the daemon did not start");
        // The orphans' sleeps end within a second; none of them is left, running or a zombie.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await Eventually.UntilAsync("the orphans gone and collected", () => !ProcessTree.Descendants(init).Any(p => Processes.CommandLineOf(p.Pid) is "" or "sleep 0.2 "), TimeSpan.FromSeconds(10));

        await client.SendCommandAsync(AppCommand.Restart, CancellationToken.None);
        // The app starts its daemon again, a new one; the first is stopped with the app that started it.
        await Eventually.UntilAsync("the app's daemon stopped with it", () => !Daemons().Contains(first), TimeSpan.FromSeconds(30));
        await Eventually.UntilAsync("the restarted app's own daemon", () => Daemons().Count == 1, TimeSpan.FromSeconds(30));
    }
}
