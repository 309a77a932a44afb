namespace DotnetLive.Protocol.Manifests;

/// <summary>One file of an app directory: its path relative to the directory (always '/'-separated), its SHA-256 and size.</summary>
internal sealed record ManifestEntry(string Path, string Hash, long Size);
