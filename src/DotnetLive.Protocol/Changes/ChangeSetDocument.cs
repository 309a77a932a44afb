using DotnetLive.Protocol.Manifests;

namespace DotnetLive.Protocol.Changes;

/// <summary>A change set as the build leaves it under obj/ (changeset.json): what this build changed in its output.</summary>
internal sealed record ChangeSetDocument(List<ManifestEntry> Written, List<string> Deleted, long Bytes)
{
    public static ChangeSetDocument From(ChangeSet changes) =>
        new(changes.Writes.Select(w => w.Entry).ToList(), changes.Deletes.ToList(), changes.Writes.Sum(w => w.Entry.Size));
}
