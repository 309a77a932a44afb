using DotnetLive.Protocol.Manifests;

namespace DotnetLive.Protocol.Changes;

/// <summary>
/// A file the target must end up with. When <see cref="CopyFrom"/> is set, the target already holds
/// the same content under that path (a rename or a duplicate) and no bytes are shipped for it.
/// </summary>
internal sealed record FileWrite(ManifestEntry Entry, string? CopyFrom = null);
