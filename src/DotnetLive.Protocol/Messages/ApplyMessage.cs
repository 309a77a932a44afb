namespace DotnetLive.Protocol.Messages;

/// <summary>
/// An update computed against the manifest whose digest is <see cref="BaseDigest"/>. The uploads
/// (writes without CopyFrom) follow in Data frames, concatenated in the order listed.
/// Once swapped in, the app is restarted from the new files.
/// </summary>
internal sealed record ApplyMessage(string UpdateId, string BaseDigest, List<WireWrite> Writes, List<string> Deletes);
