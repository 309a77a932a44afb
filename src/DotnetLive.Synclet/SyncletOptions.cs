using System.Net;

namespace DotnetLive.Synclet;

/// <summary>How a synclet was started. The session token comes from a file or standard input, never the environment or the command line.</summary>
internal sealed record SyncletOptions
{
    public required string Root { get; init; }

    public required string Token { get; init; }

    public IPAddress Bind { get; init; } = IPAddress.Loopback;

    public int Port { get; init; }

    /// <summary>The app's entry assembly, relative to the app directory (e.g. <c>WebApi.dll</c>).</summary>
    public string? Entry { get; init; }

    public IReadOnlyList<string> AppArguments { get; init; } = [];

    public IReadOnlyDictionary<string, string> AppEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>When set, the app is ready once this URL answers (any status).</summary>
    public Uri? ReadyUrl { get; init; }

    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a build next to the app (<see cref="SourceRoot"/>) may run before it is stopped: a hung restore must not hold the builder.</summary>
    public TimeSpan BuildTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>For the local target: the tool holds our stdin, so its end means the tool is gone.</summary>
    public bool ExitWhenStdinCloses { get; init; }

    public long MaxFileBytes { get; init; } = 512L * 1024 * 1024;

    public long MaxUpdateBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Build in the cluster: where the synclet keeps the sources, its work tree and the build output; null when it only receives binaries.</summary>
    public string? SourceRoot { get; init; }

    /// <summary>When set, the app's OpenTelemetry goes to the synclet's receiver (<see cref="Telemetry.TelemetryReceiver"/>), named as these say.</summary>
    public TelemetryOptions? Telemetry { get; init; }

    /// <summary>The fault tests' <c>POINT:FILE</c> (<see cref="Store.FaultPoint"/>): only the synclet's command line sets it (the tool never does), never an environment a launch profile or manifest sets.</summary>
    public string? FaultPoint { get; init; }
}

/// <summary>How the synclet names the app's telemetry: as the service, and, with several replicas, each pod by its host name.</summary>
internal sealed record TelemetryOptions(string Service, bool PerReplica);
