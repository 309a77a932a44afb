namespace DotnetLive.Protocol.Messages;

/// <summary>
/// An update computed against the manifest whose digest is <see cref="BaseDigest"/>. The uploads
/// (writes without CopyFrom) follow in Data frames, concatenated in the order listed.
/// Once swapped in, the app is restarted from the new files.
/// </summary>
/// <param name="Launch">How the app is started from now on; null keeps what the synclet has.</param>
internal sealed record ApplyMessage(string UpdateId, string BaseDigest, List<WireWrite> Writes, List<string> Deletes, LaunchSettings? Launch = null);
