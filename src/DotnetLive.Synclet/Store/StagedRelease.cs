using DotnetLive.Protocol.Manifests;

namespace DotnetLive.Synclet.Store;

/// <summary>A complete, hash-verified app directory waiting to be swapped in; built from the release with <see cref="BaseDigest"/>.</summary>
internal sealed record StagedRelease(string Directory, FileManifest Manifest, string BaseDigest);
