using DotnetLive.Protocol.Manifests;

namespace DotnetLive.Protocol.Messages;

/// <summary>
/// The outcome of an update. When <see cref="Error"/> is set nothing on disk changed and
/// <see cref="Manifest"/> is what the synclet still holds — except for a source update whose build
/// failed (DLIVE5012): the sources are in place (the next edit builds them again), the app is not
/// touched, and <see cref="BuildErrors"/> holds the compiler's errors.
/// </summary>
/// <param name="BuildMs">A source update: how long the build next to the app took.</param>
/// <param name="BuildErrors">A source update whose build failed: the errors as MSBuild prints them, paths relative to the source root.</param>
/// <param name="Joined">A Hot Reload engine joined the running app: nothing changed and it was not restarted.</param>
internal sealed record AppliedMessage(
    string UpdateId,
    ErrorMessage? Error,
    List<ManifestEntry> Manifest,
    long ReceiveMs,
    long SwapMs,
    long RestartMs,
    AppStatus App,
    long BuildMs = 0,
    List<string>? BuildErrors = null,
    bool Joined = false);
