using DotnetLive.Protocol.Manifests;

namespace DotnetLive.Protocol.Messages;

internal sealed record WelcomeMessage(int ProtocolVersion, List<ManifestEntry> Manifest, AppStatus App);
