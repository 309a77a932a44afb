using DotnetLive.Protocol.Manifests;

namespace DotnetLive.Protocol.Messages;

/// <param name="LivePath">The app store's link to its live release, as the app sees it; null for a source store.</param>
internal sealed record WelcomeMessage(int ProtocolVersion, List<ManifestEntry> Manifest, AppStatus App, string? LivePath = null);
