using System.Security.Cryptography;
using DotnetLive.Protocol.Errors;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Protocol.Messages;
using DotnetLive.Synclet.Interop;

namespace DotnetLive.Synclet.Store;

/// <summary>
/// The app directory, kept as releases: <c>releases/&lt;id&gt;/</c> holds a complete app, and the symlink
/// <c>current</c> names the live one. An update is staged in <c>staging/&lt;id&gt;/</c> (unchanged files
/// hard-linked, new bytes hash-verified), renamed into <c>releases/</c> and made live by renaming a new
/// link over <c>current</c> — one atomic rename, so a crash at any point leaves the old or the new app,
/// never a mix. A power cut or a kernel panic too: the staged release is on disk before it is renamed
/// (each file written fsynced as it is written, each of its directories before the rename), and each
/// rename is on disk (its directory fsynced) before the next step and the answer to the client. Staging may run while another update swaps (it works from a snapshot of the live
/// release and is refused as stale if that release went away); the caller serializes swaps.
/// </summary>
internal sealed class AppStore
{
    private const string CurrentLink = "current";

    /// <summary>
    /// Beside each release in releases/, the paths the synclet put in it, one per line: a restarted
    /// synclet's manifest is those files as they are on disk, not what the app made next to them.
    /// </summary>
    private const string ShippedSuffix = ".shipped";
    private readonly string _root;
    private readonly string _releases;
    private readonly string _staging;

    private readonly FaultPoint _faults;

    private AppStore(string root, string currentDirectory, FileManifest manifest, FaultPoint faults)
    {
        _faults = faults;
        _root = root;
        _releases = Path.Combine(root, "releases");
        _staging = Path.Combine(root, "staging");
        CurrentDirectory = currentDirectory;
        Manifest = manifest;
        Digest = manifest.Digest();
    }

    /// <summary>The link that always names the live release: a path the app can keep (static web assets are served through it).</summary>
    public string LivePath => Path.Combine(_root, CurrentLink);

    /// <summary>The live release's directory (a real path, not the link).</summary>
    public string CurrentDirectory { get; private set; }

    public FileManifest Manifest { get; private set; }

    public string Digest { get; private set; }

    /// <summary>Opens the store, finishing or undoing whatever a killed synclet left behind.</summary>
    public static AppStore Open(string root, FaultPoint? faults = null)
    {
        var releases = Path.Combine(root, "releases");
        Directory.CreateDirectory(releases);
        DeleteQuietly(Path.Combine(root, "staging"));
        File.Delete(Path.Combine(root, CurrentLink + ".new"));

        var link = new FileInfo(Path.Combine(root, CurrentLink));
        var target = link.LinkTarget is { } t ? Path.GetFullPath(t, root) : null;
        if (target is null || !Directory.Exists(target))
        {
            target = Path.Combine(releases, NewReleaseId());
            Directory.CreateDirectory(target);
            PointCurrentAt(root, target);
        }

        // Every other release, and its list, is what a killed synclet left behind.
        foreach (var entry in Directory.EnumerateFileSystemEntries(releases).Select(Path.GetFullPath))
        {
            if (entry != target && entry != target + ShippedSuffix)
            {
                DeleteQuietly(entry);
            }
        }

        // A release made before the list existed: all of it counts as shipped.
        var manifest = File.Exists(target + ShippedSuffix)
            ? ManifestBuilder.Build(target, File.ReadAllLines(target + ShippedSuffix).Select(p => Path.Combine(target, p)))
            : ManifestBuilder.Build(target);
        return new AppStore(root, target, manifest, faults ?? FaultPoint.None);
    }

    /// <summary>
    /// Builds the release <paramref name="update"/> describes without touching the live one. Consumes
    /// every upload byte the update declared, also when it refuses it.
    /// </summary>
    public async Task<StagingOutcome> StageAsync(ApplyMessage update, UploadReader uploads, CancellationToken ct)
    {
        if (update.BaseDigest != Digest)
        {
            await uploads.DrainAsync(ct).ConfigureAwait(false);
            return new StagingOutcome(null, SyncletErrors.Stale());
        }

        if (update.Writes.Select(w => w.Path).Concat(update.Deletes).FirstOrDefault(PassesThroughLink) is { } linked)
        {
            await uploads.DrainAsync(ct).ConfigureAwait(false);
            return new StagingOutcome(null, SyncletErrors.BadPath(linked, "it passes through a symbolic link in the app directory"));
        }

        // A snapshot: another connection's swap may replace the live release while this one stages.
        var source = CurrentDirectory;
        var held = Manifest;
        var directory = Path.Combine(_staging, NewReleaseId());
        try
        {
            var manifest = LinkUnchanged(update, source, held, directory);
            foreach (var write in update.Writes)
            {
                var target = Path.Combine(directory, write.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                if (write.CopyFrom is not null)
                {
                    LibC.LinkOrCopy(Path.Combine(source, write.CopyFrom), target);
                }
                else if (!await ReceiveAsync(uploads, target, write, ct).ConfigureAwait(false))
                {
                    Discard(directory);
                    await uploads.DrainAsync(ct).ConfigureAwait(false);
                    return new StagingOutcome(null, SyncletErrors.HashMismatch(write.Path));
                }

                manifest[write.Path] = new ManifestEntry(write.Path, write.Hash, write.Size);
            }

            return new StagingOutcome(new StagedRelease(directory, new FileManifest(manifest.Values), update.BaseDigest), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Discard(directory);
            await uploads.DrainAsync(ct).ConfigureAwait(false);

            return new StagingOutcome(null, SyncletErrors.StagingFailed(e.Message));
        }
        catch
        {
            Discard(directory);
            throw;
        }
    }

    /// <summary>
    /// Stages the files of a build output (<paramref name="built"/>, hashed from <paramref name="directory"/>)
    /// as a release: files the live release has with the same hash are hard-linked from it, the others
    /// copied — never linked, since the next build may rewrite its output in place. Null when nothing differs.
    /// </summary>
    public StagedRelease? StageFrom(string directory, FileManifest built)
    {
        var held = Manifest;
        if (built.Digest() == Digest)
        {
            return null;
        }

        var source = CurrentDirectory;
        var staged = Path.Combine(_staging, NewReleaseId());
        try
        {
            foreach (var entry in built.Entries)
            {
                var target = Path.Combine(staged, entry.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                if (held.TryGet(entry.Path, out var live) && live.Hash == entry.Hash)
                {
                    LibC.LinkOrCopy(Path.Combine(source, entry.Path), target);
                }
                else
                {
                    LibC.CopyToDisk(Path.Combine(directory, entry.Path), target);
                }
            }

            Directory.CreateDirectory(staged);
            return new StagedRelease(staged, built, held.Digest());
        }
        catch
        {
            Discard(staged);
            throw;
        }
    }

    /// <summary>
    /// Makes <paramref name="release"/> live. Returns the directory of the release it replaced (to be
    /// deleted once the app no longer runs from it), or null when the release is stale.
    /// </summary>
    public string? Swap(StagedRelease release)
    {
        if (release.BaseDigest != Digest)
        {
            Discard(release.Directory);
            return null;
        }

        _faults.Reach(FaultPoint.Staged);
        foreach (var directory in Directory.EnumerateDirectories(release.Directory, "*", SearchOption.AllDirectories).Append(release.Directory))
        {
            LibC.Sync(directory);
        }

        var live = Path.Combine(_releases, Path.GetFileName(release.Directory));
        Directory.Move(release.Directory, live);
        WriteDurably(live + ShippedSuffix, string.Concat(release.Manifest.Entries.Select(e => e.Path + "\n")));
        LibC.Sync(_releases);
        _faults.Reach(FaultPoint.Moved);
        PointCurrentAt(_root, live);
        var previous = CurrentDirectory;
        CurrentDirectory = live;
        Manifest = release.Manifest;
        Digest = release.Manifest.Digest();
        return previous;
    }

    /// <summary>
    /// <see cref="Swap"/>, with its failures as the refusal to send: the staged release is removed when it
    /// cannot be made live (a disk error), and a stale one is refused. On success, the replaced release.
    /// </summary>
    public (string? Previous, ErrorMessage? Refusal) TrySwap(StagedRelease release)
    {
        try
        {
            return Swap(release) is { } previous ? (previous, null) : (null, SyncletErrors.Stale());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // It may have been moved into releases/ already (the link could not be switched): it goes from there too.
            Discard(release.Directory);
            var moved = Path.Combine(_releases, Path.GetFileName(release.Directory));
            if (moved != CurrentDirectory)
            {
                Discard(moved);
            }

            return (null, SyncletErrors.StagingFailed(e.Message));
        }
    }

    /// <summary>Removes a release (or a staged one) and its list of shipped paths.</summary>
    public void Discard(string directory)
    {
        DeleteQuietly(directory);
        DeleteQuietly(directory + ShippedSuffix);
    }

    /// <summary>
    /// Moves what the app made in the release it ran from — a database (<c>app.db</c>), uploads, logs:
    /// every file or folder in <paramref name="ranFrom"/> that the synclet did not put there
    /// (<paramref name="placed"/>) — into the live release, where the app starts next, as it would find
    /// them in its project folder with <c>dotnet run</c>. What the live release has by the same name wins
    /// (the build's file). Called with the app stopped; returns the paths moved. One that cannot be moved
    /// is left where it was and named in <paramref name="failed"/>.
    /// </summary>
    public IReadOnlyList<string> CarryAppFiles(string ranFrom, IReadOnlySet<string> placed, Action<string, Exception> failed)
    {
        var carried = new List<string>();
        if (ranFrom == CurrentDirectory || !Directory.Exists(ranFrom))
        {
            return carried;
        }

        var folders = placed.SelectMany(Folders).ToHashSet(StringComparer.Ordinal);
        Carry(ranFrom, CurrentDirectory, "");
        return carried;

        void Carry(string from, string to, string relative)
        {
            var moved = false;
            foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
            {
                var path = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
                var target = Path.Combine(to, entry.Name);
                var folder = entry is DirectoryInfo && entry.LinkTarget is null;
                if (folder && folders.Contains(path))
                {
                    Carry(entry.FullName, target, path);
                    continue;
                }

                if (placed.Contains(path) || entry.Name.EndsWith(".dotnet-live-new", StringComparison.Ordinal) || Path.Exists(target) || new FileInfo(target).LinkTarget is not null)
                {
                    continue;
                }

                try
                {
                    Directory.CreateDirectory(to);
                    LibC.Rename(entry.FullName, target);
                    carried.Add(path);
                    moved = true;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    failed(path, e);
                }
            }

            try
            {
                if (moved)
                {
                    LibC.Sync(to);
                }
            }
            catch (IOException e)
            {
                failed(relative, e);
            }
        }

        static IEnumerable<string> Folders(string path)
        {
            for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                yield return path[..slash];
            }
        }
    }

    /// <summary>
    /// Puts the live release's version of each of <paramref name="paths"/> into <paramref name="running"/>,
    /// the older release an app still runs from, one file at a time by rename: the app's own file watchers
    /// (appsettings.json reloaded on change) see the edit as they would in the project folder. A file that
    /// cannot be placed is left as it was; the next start runs the live release anyway.
    /// </summary>
    public void Refresh(string running, IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            var target = Path.Combine(running, path);
            var next = target + ".dotnet-live-new";
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Delete(next);
                LibC.LinkOrCopy(Path.Combine(CurrentDirectory, path), next);
                LibC.Rename(next, target);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                try
                {
                    File.Delete(next);
                }
                catch (Exception again) when (again is IOException or UnauthorizedAccessException)
                {
                    // Left for the next start's recovery, with the rest of an old release.
                }
            }
        }
    }

    /// <summary>
    /// True when the path, joined to the live release, crosses a symbolic link (one an image may have
    /// baked in). Staging never follows such a link, but an update naming a path through one is not
    /// what the build produced, so it is refused rather than silently turned into a real folder.
    /// </summary>
    private bool PassesThroughLink(string relativePath)
    {
        var current = CurrentDirectory;
        foreach (var segment in relativePath.Split('/'))
        {
            current = Path.Combine(current, segment);
            var info = new FileInfo(current);
            if (info.LinkTarget is not null)
            {
                return true;
            }

            if (!info.Exists && !Directory.Exists(current))
            {
                return false;
            }
        }

        return false;
    }

    private static void WriteDurably(string path, string text)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        file.Write(System.Text.Encoding.UTF8.GetBytes(text));
        file.Flush(flushToDisk: true);
    }

    private static Dictionary<string, ManifestEntry> LinkUnchanged(ApplyMessage update, string source, FileManifest held, string directory)
    {
        var replaced = new HashSet<string>(update.Writes.Select(w => w.Path).Concat(update.Deletes), StringComparer.Ordinal);
        var kept = new Dictionary<string, ManifestEntry>(StringComparer.Ordinal);
        Directory.CreateDirectory(directory);
        foreach (var entry in held.Entries)
        {
            if (replaced.Contains(entry.Path))
            {
                continue;
            }

            var target = Path.Combine(directory, entry.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            LibC.LinkOrCopy(Path.Combine(source, entry.Path), target);
            kept[entry.Path] = entry;
        }

        return kept;
    }

    private static async Task<bool> ReceiveAsync(UploadReader uploads, string target, WireWrite write, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var file = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
        {
            await uploads.CopyToAsync(file, write.Size, hash.AppendData, ct).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset()) == write.Hash;
    }

    private static void PointCurrentAt(string root, string release)
    {
        var next = Path.Combine(root, CurrentLink + ".new");
        File.Delete(next);
        File.CreateSymbolicLink(next, Path.GetRelativePath(root, release));
        LibC.Rename(next, Path.Combine(root, CurrentLink));
        LibC.Sync(root);
    }

    private static string NewReleaseId() => $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>Deletes a folder and what it holds, or a file; one that is not there is fine.</summary>
    private static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next start's recovery to remove.
        }
    }
}
