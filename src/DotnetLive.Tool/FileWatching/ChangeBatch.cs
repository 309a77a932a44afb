namespace DotnetLive.Tool.FileWatching;

/// <summary>The changes of one burst of saves, debounced into one update.</summary>
internal sealed record ChangeBatch(IReadOnlyList<FileChange> Changes)
{
    /// <summary>When the developer's save that started this update happened (Stopwatch timestamp).</summary>
    public long FirstTimestamp => Changes.Min(c => c.Timestamp);

    public bool Has(FileChangeKind kind) => Changes.Any(c => c.Kind == kind);

    public ChangeBatch Merge(ChangeBatch later) => new(Changes.Concat(later.Changes).ToList());
}
