namespace DotnetLive.Protocol.Manifests;

/// <summary>
/// The files an update is made of, as this machine has them: their manifest and where each one's bytes
/// are read — most from one folder (a build output), some from elsewhere (static web assets in the
/// project and package folders), some made in memory (a static web assets manifest rewritten for the
/// app's own file system).
/// </summary>
internal sealed class AppFiles
{
    private readonly Lazy<FileManifest> _manifest;
    private readonly IReadOnlyDictionary<string, string> _elsewhere;
    private readonly IReadOnlyDictionary<string, byte[]> _made;

    /// <summary>The files of <paramref name="directory"/>: <paramref name="manifest"/>, or, when none is given, every file in it (hashed when first asked for).</summary>
    public AppFiles(string directory, FileManifest? manifest = null)
        : this(directory, manifest is null ? new Lazy<FileManifest>(() => ManifestBuilder.Build(directory)) : new Lazy<FileManifest>(manifest), new Dictionary<string, string>(), new Dictionary<string, byte[]>())
    {
    }

    private AppFiles(string directory, Lazy<FileManifest> manifest, IReadOnlyDictionary<string, string> elsewhere, IReadOnlyDictionary<string, byte[]> made)
    {
        Directory = directory;
        _manifest = manifest;
        _elsewhere = elsewhere;
        _made = made;
    }

    /// <summary>The folder most files are read from.</summary>
    public string Directory { get; }

    public FileManifest Manifest => _manifest.Value;

    /// <summary>These files with some read from other full paths and some made in memory; <paramref name="manifest"/> lists them all.</summary>
    public AppFiles With(FileManifest manifest, IReadOnlyDictionary<string, string> elsewhere, IReadOnlyDictionary<string, byte[]> made) =>
        new(Directory, new Lazy<FileManifest>(manifest), elsewhere, made);

    /// <summary>Where the bytes of <paramref name="path"/> come from, for messages.</summary>
    public string SourceOf(string path) =>
        _made.ContainsKey(path) ? $"{path} (made by dotnet-live)" : _elsewhere.TryGetValue(path, out var full) ? full : System.IO.Path.Combine(Directory, path);

    /// <summary>The size of <paramref name="path"/> as it is now.</summary>
    /// <exception cref="IOException">It is not there (any more).</exception>
    public long Length(string path) =>
        _made.TryGetValue(path, out var bytes) ? bytes.Length : new FileInfo(SourceOf(path)).Length;

    /// <summary>Opens the bytes of <paramref name="path"/> for reading.</summary>
    public Stream Open(string path) =>
        _made.TryGetValue(path, out var bytes)
            ? new MemoryStream(bytes, writable: false)
            : new FileStream(SourceOf(path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
}
