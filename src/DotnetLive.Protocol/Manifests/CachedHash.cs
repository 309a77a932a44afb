namespace DotnetLive.Protocol.Manifests;

internal sealed record CachedHash(long Size, long LastWriteTicksUtc, string Hash);
