namespace DotnetLive.Protocol.Messages;

/// <summary>
/// An update computed against the manifest whose digest is <see cref="BaseDigest"/>. The uploads
/// (writes without CopyFrom) follow in Data frames, concatenated in the order listed.
/// Once swapped in, the app is restarted from the new files — unless <see cref="Restart"/> is false.
/// </summary>
/// <param name="Launch">How the app is started by this update (a Hot Reload session); null is a plain start.</param>
/// <param name="Restart">
/// False: the files move and the app keeps running from the ones it started with (its code was
/// hot-reloaded already); the next start runs the new files. Null or true: restart.
/// </param>
/// <param name="Build">A source update: the project to build once the sources are in, relative to the source root.</param>
internal sealed record ApplyMessage(string UpdateId, string BaseDigest, List<WireWrite> Writes, List<string> Deletes, LaunchSettings? Launch = null, bool? Restart = null, string? Build = null);
