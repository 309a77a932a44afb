using System.Security.Cryptography;

namespace DotnetLive.Protocol.Manifests;

/// <summary>Hashes the files of a directory into a <see cref="FileManifest"/>.</summary>
internal static class ManifestBuilder
{
    /// <summary>
    /// Hashes every regular file under <paramref name="directory"/>. A file whose size and last-write
    /// time match <paramref name="previous"/> keeps its previous hash, so an incremental build
    /// re-hashes only what it wrote.
    /// </summary>
    public static FileManifest Build(string directory, ManifestCache? previous = null)
    {
        var root = new DirectoryInfo(directory);
        if (!root.Exists)
        {
            return FileManifest.Empty;
        }

        var entries = new List<ManifestEntry>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var file in root.EnumerateFiles("*", options))
        {
            var relative = RelativePathOf(root.FullName, file.FullName);
            var stamp = new FileStamp(file.Length, file.LastWriteTimeUtc.Ticks);
            var hash = previous?.TryGet(relative, stamp) ?? HashFile(file.FullName);
            previous?.Set(relative, stamp, hash);
            entries.Add(new ManifestEntry(relative, hash, file.Length));
        }

        return new FileManifest(entries);
    }

    /// <summary>
    /// Hashes the given files (full paths under <paramref name="root"/>) into a manifest of paths
    /// relative to it; a file that is gone by now is left out. Same caching as <see cref="Build(string, ManifestCache?)"/>.
    /// </summary>
    public static FileManifest Build(string root, IEnumerable<string> files, ManifestCache? previous = null)
    {
        var entries = new List<ManifestEntry>();
        foreach (var path in files)
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                continue;
            }

            var relative = RelativePathOf(root, file.FullName);
            var stamp = new FileStamp(file.Length, file.LastWriteTimeUtc.Ticks);
            var hash = previous?.TryGet(relative, stamp) ?? HashFile(file.FullName);
            previous?.Set(relative, stamp, hash);
            entries.Add(new ManifestEntry(relative, hash, file.Length));
        }

        return new FileManifest(entries);
    }

    public static string HashFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string RelativePathOf(string root, string file) =>
        Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
}
