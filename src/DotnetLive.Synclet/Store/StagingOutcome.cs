using DotnetLive.Protocol.Messages;

namespace DotnetLive.Synclet.Store;

/// <summary>Either a staged release or the reason the update was refused (in which case nothing changed).</summary>
internal sealed record StagingOutcome(StagedRelease? Release, ErrorMessage? Error);
