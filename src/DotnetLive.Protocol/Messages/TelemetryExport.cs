using DotnetLive.Protocol.Wire;

namespace DotnetLive.Protocol.Messages;

/// <summary>What an OpenTelemetry export carries, as OTLP/HTTP names it in its path.</summary>
internal enum TelemetrySignal : byte
{
    Traces = 1,
    Metrics = 2,
    Logs = 3,
}

/// <summary>
/// One OTLP/HTTP export of the app (an <c>Export…ServiceRequest</c> in protobuf), relayed unchanged:
/// on the wire a <see cref="FrameType.Telemetry"/> frame holds the signal's byte, then the body.
/// </summary>
internal sealed record TelemetryExport(TelemetrySignal Signal, ReadOnlyMemory<byte> Body)
{
    /// <summary>The OTLP/HTTP path of the signal, relative to an endpoint's root (<c>v1/traces</c>).</summary>
    public string Path => "v1/" + Signal.ToString().ToLowerInvariant();

    /// <summary>The signal of an OTLP/HTTP path (<c>/v1/traces</c>), or null.</summary>
    public static TelemetrySignal? SignalOf(string path) => path switch
    {
        "/v1/traces" => TelemetrySignal.Traces,
        "/v1/metrics" => TelemetrySignal.Metrics,
        "/v1/logs" => TelemetrySignal.Logs,
        _ => null,
    };

    public byte[] ToPayload()
    {
        var payload = new byte[Body.Length + 1];
        payload[0] = (byte)Signal;
        Body.CopyTo(payload.AsMemory(1));
        return payload;
    }

    /// <exception cref="ProtocolException">The frame is empty, names no signal, or is larger than an export may be.</exception>
    public static TelemetryExport FromPayload(ReadOnlyMemory<byte> payload) =>
        payload.Length is 0 or > ProtocolLimits.MaxTelemetryBytes + 1 || !Enum.IsDefined((TelemetrySignal)payload.Span[0])
            ? throw new ProtocolException("A telemetry frame that holds no export.")
            : new TelemetryExport((TelemetrySignal)payload.Span[0], payload[1..]);
}
