namespace DotnetLive.Protocol.Changes;

/// <summary>What turns the manifest a target holds into the one just built: files to write and paths to delete.</summary>
internal sealed record ChangeSet(IReadOnlyList<FileWrite> Writes, IReadOnlyList<string> Deletes)
{
    public bool IsEmpty => Writes.Count == 0 && Deletes.Count == 0;

    /// <summary>Writes whose bytes travel over the wire.</summary>
    public IEnumerable<FileWrite> Uploads => Writes.Where(w => w.CopyFrom is null);

    public long UploadBytes => Uploads.Sum(w => w.Entry.Size);
}
