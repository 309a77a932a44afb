using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;
using DotnetLive.Protocol.Changes;
using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Wire;
using DotnetLive.Testing;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Integration;

/// <summary>
/// A real synclet started with <c>--telemetry</c>, as the docker and kubernetes targets start it, over a
/// real app (`dotnet new console`, printing the variables the OpenTelemetry packages read): the app is
/// given the synclet's OTLP/HTTP receiver on loopback, and what is posted there, as an exporter posts
/// it, reaches the client that asked for telemetry, unchanged, and no other.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class SyncletTelemetryTests
{
    private static readonly string[] Variables = ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES"];

    [Fact]
    public async Task The_apps_exports_reach_the_client_that_asked_for_them_and_only_what_an_exporter_sends_is_taken()
    {
        using var app = await EnvAppAsync();
        await using var synclet = await SyncletHost.StartAsync(arguments: ["--entry", "EnvApp.dll", "--telemetry", "orders"]);
        var exports = Channel.CreateUnbounded<TelemetryExport>();
        var events = Channel.CreateUnbounded<AppEvent>();
        await using var asking = await SyncletClient.ConnectTcpAsync(synclet.Endpoint.Address.ToString(), synclet.Endpoint.Port, synclet.Token, "tool", StoreKind.App, e => events.Writer.TryWrite(e), e => exports.Writer.TryWrite(e), CancellationToken.None);
        await using var other = await synclet.ConnectAsync();
        var environment = await StartAsync(asking, app, events);

        environment["OTEL_EXPORTER_OTLP_ENDPOINT"].ShouldStartWith("http://127.0.0.1:");
        environment["OTEL_EXPORTER_OTLP_PROTOCOL"].ShouldBe("http/protobuf");
        environment["OTEL_SERVICE_NAME"].ShouldBe("orders");
        environment["OTEL_RESOURCE_ATTRIBUTES"].ShouldBe("service.instance.id=orders");

        using var http = new HttpClient { BaseAddress = new Uri(environment["OTEL_EXPORTER_OTLP_ENDPOINT"]) };
        byte[] body = [0x0a, 0x03, 0x01, 0x02, 0x03];
        (await PostAsync(http, "/v1/traces", body)).ShouldBe(HttpStatusCode.OK);
        (await PostAsync(http, "/v1/logs", [0x0a, 0x00])).ShouldBe(HttpStatusCode.OK);

        var traces = await NextAsync(exports);
        traces.Signal.ShouldBe(TelemetrySignal.Traces);
        traces.Body.ToArray().ShouldBe(body);
        (await NextAsync(exports)).Signal.ShouldBe(TelemetrySignal.Logs);

        // What no exporter sends is refused, and nothing of it is relayed.
        (await PostAsync(http, "/v1/profiles", body)).ShouldBe(HttpStatusCode.NotFound);
        (await http.GetAsync(new Uri("/v1/traces", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        (await PostAsync(http, "/v1/traces", body, "application/json")).ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await PostAsync(http, "/v1/traces", new byte[ProtocolLimits.MaxTelemetryBytes + 1])).ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await PostAsync(http, "/v1/metrics", [0x0a, 0x01, 0x07])).ShouldBe(HttpStatusCode.OK);
        (await NextAsync(exports)).Signal.ShouldBe(TelemetrySignal.Metrics);

        // The client that did not ask was sent none (a telemetry frame would have ended its connection), and still works.
        other.Completion.IsCompleted.ShouldBeFalse();
        await other.SendCommandAsync(AppCommand.Restart, CancellationToken.None);
        await NextAsync(events, e => e.Kind == AppEventKind.Started);
        other.Completion.IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public async Task An_endpoint_the_container_sets_wins_and_each_replica_is_its_own_instance()
    {
        using var app = await EnvAppAsync();
        await using var synclet = await SyncletHost.StartAsync(
            environment: new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4317" },
            arguments: ["--entry", "EnvApp.dll", "--telemetry", "orders", "--telemetry-per-replica"]);
        var events = Channel.CreateUnbounded<AppEvent>();
        await using var client = await synclet.ConnectAsync(onEvent: e => events.Writer.TryWrite(e));
        var environment = await StartAsync(client, app, events);

        // The developer's collector, with the protocol it speaks (gRPC, the exporters' default).
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"].ShouldBe("http://collector:4317");
        environment["OTEL_EXPORTER_OTLP_PROTOCOL"].ShouldBe("");
        environment["OTEL_SERVICE_NAME"].ShouldBe("orders");
        environment["OTEL_RESOURCE_ATTRIBUTES"].ShouldBe("service.instance.id=" + Environment.MachineName);
    }

    /// <summary>`dotnet new console` that prints the OpenTelemetry variables it was given, then waits.</summary>
    private static async Task<SampleCopy> EnvAppAsync()
    {
        var app = await SampleCopy.FromTemplateAsync("console", "EnvApp");
        File.WriteAllText(app.PathOf("Program.cs"), $$"""
            foreach (var name in new[] { {{string.Join(", ", Variables.Select(v => $"\"{v}\""))}} })
            {
                Console.WriteLine($"{name}={Environment.GetEnvironmentVariable(name)}");
            }

            Thread.Sleep(Timeout.Infinite);
            """);
        var (exitCode, output) = await DotnetCli.RunAsync(app.Directory, ["build"]);
        exitCode.ShouldBe(0, output);
        return app;
    }

    /// <summary>Ships the app, starts it, and returns the variables it printed.</summary>
    private static async Task<Dictionary<string, string>> StartAsync(SyncletClient client, SampleCopy app, Channel<AppEvent> events)
    {
        var binaries = app.PathOf("bin/Debug/net10.0");
        (await client.RestartWithAsync(binaries))
            .Error.ShouldBeNull();
        var printed = new Dictionary<string, string>();
        while (printed.Count < Variables.Length)
        {
            var line = await NextAsync(events, e => e.Kind == AppEventKind.Stdout && e.Text!.Contains('=', StringComparison.Ordinal));
            printed[line.Text![..line.Text!.IndexOf('=', StringComparison.Ordinal)]] = line.Text![(line.Text!.IndexOf('=', StringComparison.Ordinal) + 1)..];
        }

        return printed;
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, string path, byte[] body, string contentType = "application/x-protobuf")
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content);
        return response.StatusCode;
    }

    private static async Task<T> NextAsync<T>(Channel<T> items, Func<T, bool>? match = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var next = await items.Reader.ReadAsync(timeout.Token);
            if (match is null || match(next))
            {
                return next;
            }
        }
    }
}
