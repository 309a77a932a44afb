namespace DotnetLive.Protocol.Messages;

/// <summary>A file to write; its bytes follow in Data frames unless <see cref="CopyFrom"/> names a file the synclet holds.</summary>
internal sealed record WireWrite(string Path, string Hash, long Size, string? CopyFrom);
