namespace DotnetLive.Protocol.Wire;

internal static class ProtocolLimits
{
    /// <summary>Bumped on every incompatible change; both sides refuse a peer with another version.</summary>
    public const int Version = 10;

    /// <summary>The largest frame either side accepts (a JSON message or a part of one, a data chunk).</summary>
    public const int MaxFrameBytes = 8 * 1024 * 1024;

    /// <summary>
    /// The largest message either side accepts from an authenticated peer, in frames of at most
    /// <see cref="MaxFrameBytes"/> (a manifest or an update of about 400,000 files).
    /// </summary>
    public const int MaxMessageBytes = 64 * 1024 * 1024;

    /// <summary>
    /// The largest message (all its parts) read from a peer that has not proved the token yet: the
    /// synclet's read of a Hello and a Proof, the client's of the synclet's Challenge.
    /// </summary>
    public const int MaxHelloBytes = 4 * 1024;

    /// <summary>The largest OpenTelemetry export a synclet takes from its app and relays (an OTLP batch is far smaller).</summary>
    public const int MaxTelemetryBytes = 4 * 1024 * 1024;

    /// <summary>The size of the data chunks a client sends.</summary>
    public const int DataChunkBytes = 256 * 1024;
}
