namespace DotnetLive.Tool.FileWatching;

/// <summary>One relevant file-system event; <see cref="Timestamp"/> is a <see cref="System.Diagnostics.Stopwatch"/> timestamp.</summary>
internal sealed record FileChange(string Path, FileChangeKind Kind, long Timestamp);
