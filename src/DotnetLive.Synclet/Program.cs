using System.Runtime.InteropServices;
using DotnetLive.Protocol.Processes;
using DotnetLive.Synclet;
using DotnetLive.Synclet.Build;
using DotnetLive.Synclet.Server;
using DotnetLive.Synclet.Store;
using DotnetLive.Synclet.Supervision;
using DotnetLive.Synclet.Telemetry;

var options = SyncletOptionsParser.Parse(args, TokenFile.Take, out var error);
if (options is null)
{
    Console.Error.WriteLine($"synclet: {error}");
    Console.Error.WriteLine(SyncletOptionsParser.Usage);
    return 2;
}

using var shutdown = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

// Before the app's environment is settled: the receiver's port is part of it.
using var telemetry = options.Telemetry is { } naming ? TelemetryReceiver.Start(naming) : null;
if (telemetry is not null)
{
    var environment = new Dictionary<string, string>(options.AppEnvironment, StringComparer.Ordinal);
    foreach (var (name, value) in telemetry.AppEnvironment(options.AppEnvironment))
    {
        environment[name] = value;
    }

    options = options with { AppEnvironment = environment };
}

var events = new EventHub();
var store = AppStore.Open(options.Root, FaultPoint.Parse(options.FaultPoint));
await using var supervisor = new AppSupervisor(options, events);
await using var agents = new AgentRelay();
var builder = options.SourceRoot is { } sourceRoot ? SourceBuilder.Open(sourceRoot, options.BuildTimeout) : null;
var updates = new UpdateCoordinator(store, supervisor, agents, options, builder);
var server = new SyncletServer(options, updates, events, agents, telemetry?.Exports);
var endpoint = server.Start();

// The tool waits for this line (local target) or reads it from the container log.
Console.Out.WriteLine(SyncletListening.Prefix + endpoint);
Console.Out.Flush();

if (options.ExitWhenStdinCloses)
{
    _ = Task.Run(async () =>
    {
        await Console.OpenStandardInput().CopyToAsync(Stream.Null).ConfigureAwait(false);
        await shutdown.CancelAsync().ConfigureAwait(false);
    });
}

await supervisor.ReapOrphanAsync().ConfigureAwait(false);
var serving = server.RunAsync(shutdown.Token);
var receiving = telemetry?.RunAsync(shutdown.Token) ?? Task.CompletedTask;
await updates.StartAsync(shutdown.Token).ConfigureAwait(false);
await serving.ConfigureAwait(false);
await receiving.ConfigureAwait(false);
await supervisor.StopAsync().ConfigureAwait(false);
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    shutdown.Cancel();
}
