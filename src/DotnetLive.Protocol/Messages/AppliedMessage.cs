using DotnetLive.Protocol.Manifests;

namespace DotnetLive.Protocol.Messages;

/// <summary>
/// The outcome of an update. When <see cref="Error"/> is set nothing on disk changed and
/// <see cref="Manifest"/> is what the synclet still holds.
/// </summary>
internal sealed record AppliedMessage(
    string UpdateId,
    ErrorMessage? Error,
    List<ManifestEntry> Manifest,
    long ReceiveMs,
    long SwapMs,
    long RestartMs,
    AppStatus App);
