namespace DotnetLive.Protocol.Wire;

/// <summary>The kinds of frame on a tool ↔ synclet connection.</summary>
internal enum FrameType : byte
{
    /// <summary>Client → synclet, first frame: protocol version and the client's nonce (no secret).</summary>
    Hello = 1,

    /// <summary>Synclet → client, answer to a good Hello: the manifest on disk and the app's state.</summary>
    Welcome = 2,

    /// <summary>Either way: a refusal with a code; the synclet closes the connection after one on Hello.</summary>
    Error = 3,

    /// <summary>Client → synclet: an update; followed by <see cref="Data"/> frames carrying the uploads in order.</summary>
    Apply = 4,

    /// <summary>Client → synclet: raw bytes of the current update's uploads.</summary>
    Data = 5,

    /// <summary>Synclet → client: the outcome of an update.</summary>
    Applied = 6,

    /// <summary>Synclet → client: app lifecycle and log lines.</summary>
    Event = 7,

    /// <summary>Client → synclet: a command on the app (restart).</summary>
    Command = 8,

    /// <summary>Synclet → client, on a tunnel connection: the app's agent connected; raw bytes follow both ways.</summary>
    Tunnel = 9,

    /// <summary>Synclet → client, answer to a Hello: the synclet's nonce and its proof of the session token.</summary>
    Challenge = 10,

    /// <summary>Client → synclet, answer to a Challenge whose proof checked out: the client's proof.</summary>
    Proof = 11,

    /// <summary>
    /// Synclet → a client that asked for it in its Hello: one OpenTelemetry export of the app, as it sent
    /// it to the synclet's OTLP/HTTP receiver (<see cref="Messages.TelemetryExport"/>).
    /// </summary>
    Telemetry = 12,

    /// <summary>
    /// Either way: the first part of a message larger than one frame (a manifest of many files); its
    /// parts follow in order, the last one in a frame of the message's own type. Never handed to a caller:
    /// <see cref="FrameReader"/> joins the parts.
    /// </summary>
    Continued = 13,
}
