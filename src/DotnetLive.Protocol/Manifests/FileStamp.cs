namespace DotnetLive.Protocol.Manifests;

/// <summary>What a file looked like when it was hashed; if it still looks the same, its hash is reused.</summary>
internal readonly record struct FileStamp(long Size, long LastWriteTicksUtc);
