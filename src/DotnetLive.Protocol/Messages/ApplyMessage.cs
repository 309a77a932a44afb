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
/// <param name="KeepLaunch">
/// Restart the app as it was last started (a Hot Reload session's restart by the tool: the app keeps its
/// agent, which the synclet answers until the next engine session joins), instead of with <paramref name="Launch"/>.
/// </param>
/// <remarks>
/// An update with a Hot Reload <paramref name="Launch"/> and no file to change, to an app that runs the
/// live files with Hot Reload, does not restart it: the engine joins the running app (<see cref="AppliedMessage.Joined"/>).
/// </remarks>
internal sealed record ApplyMessage(string UpdateId, string BaseDigest, List<WireWrite> Writes, List<string> Deletes, LaunchSettings? Launch = null, bool? Restart = null, string? Build = null, bool KeepLaunch = false);
