namespace DotnetLive.Protocol.Messages;

/// <summary>
/// An update computed against the manifest whose digest is <see cref="BaseDigest"/>. The uploads
/// (writes without CopyFrom) follow in Data frames, concatenated in the order listed.
/// </summary>
/// <param name="Kind">What the update does to the app once the files are in.</param>
/// <param name="Launch"><see cref="UpdateKind.HotReloadStart"/>: how the app is started (a Hot Reload session).</param>
/// <param name="Project"><see cref="UpdateKind.Build"/>: the project to build once the sources are in, relative to the source root.</param>
internal sealed record ApplyMessage(string UpdateId, string BaseDigest, List<WireWrite> Writes, List<string> Deletes, UpdateKind Kind, LaunchSettings? Launch = null, string? Project = null);
