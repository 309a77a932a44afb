using DotnetLive.Protocol.Manifests;

namespace DotnetLive.Protocol.Changes;

/// <summary>The change set as a pure function of two manifests; no I/O.</summary>
internal static class ChangeSetPlanner
{
    public static ChangeSet Plan(FileManifest held, FileManifest desired)
    {
        var byHash = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in held.Entries)
        {
            byHash.TryAdd(entry.Hash, entry.Path);
        }

        var writes = new List<FileWrite>();
        foreach (var entry in desired.Entries)
        {
            if (held.TryGet(entry.Path, out var old) && old.Hash == entry.Hash && old.Size == entry.Size)
            {
                continue;
            }

            writes.Add(new FileWrite(entry, byHash.GetValueOrDefault(entry.Hash)));
        }

        var deletes = held.Entries.Where(e => !desired.TryGet(e.Path, out _)).Select(e => e.Path).ToList();
        return new ChangeSet(writes, deletes);
    }
}
