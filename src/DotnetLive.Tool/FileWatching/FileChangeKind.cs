namespace DotnetLive.Tool.FileWatching;

internal enum FileChangeKind
{
    /// <summary>A known source file's content changed: build.</summary>
    Content,

    /// <summary>A file appeared, vanished or was renamed: evaluate the project again, then build if its inputs changed.</summary>
    Structure,

    /// <summary>A project file or one of its imports changed: restore, evaluate, build.</summary>
    ProjectFile,
}
