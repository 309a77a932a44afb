using System.Diagnostics;
using System.Threading.Channels;
using DotnetLive.Tool.Projects;

namespace DotnetLive.Tool.FileWatching;

/// <summary>
/// Watches the folders of the project and the projects it references, and turns raw file-system events
/// into relevant changes, classified against the MSBuild evaluation (<see cref="ProjectModel"/>).
/// Build output and hidden folders are ignored, so the tool's own builds never trigger it.
/// </summary>
internal sealed class ProjectWatcher : IDisposable
{
    /// <summary>An editor's save is several writes; wait this long after the last one.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(60);

    private static readonly TimeSpan MaxDebounce = TimeSpan.FromSeconds(1);
    private readonly Channel<FileChange> _changes = Channel.CreateUnbounded<FileChange>(new UnboundedChannelOptions { SingleReader = false });
    private readonly List<FileSystemWatcher> _watchers = [];
    private ProjectModel? _project;
    private long _lastChange;

    /// <summary>When the last relevant change was seen (Stopwatch timestamp; 0: none yet).</summary>
    public long LastChangeTimestamp => Volatile.Read(ref _lastChange);

    public void Watch(ProjectModel project)
    {
        var directoriesChanged = _project is null || !_project.ProjectDirectories.SequenceEqual(project.ProjectDirectories);
        _project = project;
        if (!directoriesChanged)
        {
            return;
        }

        DisposeWatchers();
        foreach (var directory in project.ProjectDirectories)
        {
            var watcher = new FileSystemWatcher(directory)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
                InternalBufferSize = 64 * 1024,
            };
            watcher.Changed += (_, e) => OnEvent(e.FullPath, WatcherChangeTypes.Changed);
            watcher.Created += (_, e) => OnEvent(e.FullPath, WatcherChangeTypes.Created);
            watcher.Deleted += (_, e) => OnEvent(e.FullPath, WatcherChangeTypes.Deleted);
            watcher.Renamed += (_, e) =>
            {
                OnEvent(e.OldFullPath, WatcherChangeTypes.Deleted);
                OnEvent(e.FullPath, WatcherChangeTypes.Created);
            };
            // Events were lost: treat it as a change of structure, which re-evaluates and rebuilds.
            watcher.Error += (_, _) => _changes.Writer.TryWrite(new FileChange(directory, FileChangeKind.Structure, Stopwatch.GetTimestamp()));
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    /// <summary>Asks for a build as if a source file had been saved (the HUD's rebuild key): no restore, no evaluation.</summary>
    public void RequestBuild() =>
        _changes.Writer.TryWrite(new FileChange(_project?.ProjectPath ?? "", FileChangeKind.Content, Stopwatch.GetTimestamp()));

    /// <summary>True when a change is waiting; the loop uses it to cancel a build made stale by a newer edit.</summary>
    public ValueTask<bool> WaitForChangeAsync(CancellationToken ct) => _changes.Reader.WaitToReadAsync(ct);

    /// <summary>Waits for a change, then for <see cref="Quiet"/> without one, and returns everything that came.</summary>
    public async Task<ChangeBatch> NextBatchAsync(CancellationToken ct)
    {
        var changes = new List<FileChange> { await _changes.Reader.ReadAsync(ct).ConfigureAwait(false) };
        var deadline = Stopwatch.GetTimestamp() + (long)(MaxDebounce.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            while (_changes.Reader.TryRead(out var change))
            {
                changes.Add(change);
            }

            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct);
            quiet.CancelAfter(Quiet);
            try
            {
                await _changes.Reader.WaitToReadAsync(quiet.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                break;
            }
        }

        while (_changes.Reader.TryRead(out var late))
        {
            changes.Add(late);
        }

        return new ChangeBatch(changes);
    }

    private void OnEvent(string path, WatcherChangeTypes type)
    {
        if (_project is not { } project || Classify(project, path, type) is not { } kind)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        Volatile.Write(ref _lastChange, now);
        _changes.Writer.TryWrite(new FileChange(path, kind, now));
    }

    internal static FileChangeKind? Classify(ProjectModel project, string path, WatcherChangeTypes type)
    {
        if (project.IgnoredDirectories.Any(d => IsUnder(path, d)) || IsHidden(project, path))
        {
            return null;
        }

        if (project.ProjectFiles.Contains(path))
        {
            return FileChangeKind.ProjectFile;
        }

        if (project.SourceFiles.Contains(path))
        {
            return type == WatcherChangeTypes.Deleted ? FileChangeKind.Structure : FileChangeKind.Content;
        }

        return type == WatcherChangeTypes.Changed ? null : FileChangeKind.Structure;
    }

    private static bool IsUnder(string path, string directory) =>
        path.StartsWith(directory, StringComparison.Ordinal) && (path.Length == directory.Length || path[directory.Length] == Path.DirectorySeparatorChar);

    private static bool IsHidden(ProjectModel project, string path)
    {
        var root = project.ProjectDirectories.FirstOrDefault(d => IsUnder(path, d));
        return root is not null && Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar).Any(s => s.StartsWith('.'));
    }

    private void DisposeWatchers()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _watchers.Clear();
    }

    public void Dispose() => DisposeWatchers();
}
