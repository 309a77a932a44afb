using DotnetLive.Protocol.Messages;

namespace DotnetLive.Tool.Targets;

/// <summary>
/// The OpenTelemetry of an app in a container or pod: the synclet there receives it on its loopback,
/// named as <paramref name="Service"/>, and relays it over the session's authenticated connection to
/// <paramref name="Forward"/> (the session's dashboard; null without one: the synclet drops it).
/// </summary>
internal sealed record TelemetryRoute(string Service, Action<TelemetryExport>? Forward)
{
    /// <summary>The synclet's options that name the app's telemetry; on kubernetes each pod is its own instance.</summary>
    public IEnumerable<string> SyncletArguments(bool perReplica) =>
        perReplica ? ["--telemetry", Service, "--telemetry-per-replica"] : ["--telemetry", Service];
}
