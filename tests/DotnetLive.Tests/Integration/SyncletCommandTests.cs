using System.Threading.Channels;
using DotnetLive.Protocol.Changes;
using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Protocol.Messages;
using DotnetLive.Testing;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Integration;

/// <summary>The synclet supervising a real app (the Worker sample, built for real): the restart command the HUD's r key sends.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class SyncletCommandTests
{
    [Fact]
    public async Task Restart_stops_the_app_gracefully_and_starts_it_again()
    {
        using var sample = new SampleCopy(Repository.Sample("Worker"));
        var (exitCode, output) = await DotnetCli.RunAsync(sample.Directory, ["build"]);
        exitCode.ShouldBe(0, output);
        var binaries = sample.PathOf("bin/Debug/net10.0");
        await using var synclet = await SyncletHost.StartAsync(arguments: ["--entry", "Worker.dll"]);
        var events = Channel.CreateUnbounded<AppEvent>();
        await using var client = await synclet.ConnectAsync(onEvent: e => events.Writer.TryWrite(e));

        (await client.RestartWithAsync(binaries))
            .Error.ShouldBeNull();
        var first = await NextAsync(events, e => e.Kind == AppEventKind.Started);

        // Its host is up (and handles SIGTERM) once it works; a SIGTERM during the runtime's start-up ends it without a word.
        await NextAsync(events, e => e.Kind == AppEventKind.Stdout && e.Text!.StartsWith("Worker says hello (tick 0)", StringComparison.Ordinal));
        await client.SendCommandAsync(AppCommand.Restart, CancellationToken.None);

        await NextAsync(events, e => e.Kind == AppEventKind.Stdout && e.Text == "worker stopped");
        var stopped = await NextAsync(events, e => e.Kind == AppEventKind.Exited);
        stopped.ShouldSatisfyAllConditions(e => e.Pid.ShouldBe(first.Pid), e => e.ExitCode.ShouldBe(0), e => e.Reason.ShouldBe(ExitReason.Stopped));
        var second = await NextAsync(events, e => e.Kind == AppEventKind.Started);
        second.Pid.ShouldNotBe(first.Pid);
        await NextAsync(events, e => e.Kind == AppEventKind.Stdout && e.Text!.StartsWith("Worker says hello (tick 0)", StringComparison.Ordinal));
    }

    private static async Task<AppEvent> NextAsync(Channel<AppEvent> events, Func<AppEvent, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var next = await events.Reader.ReadAsync(timeout.Token);
            if (match(next))
            {
                return next;
            }
        }
    }
}
