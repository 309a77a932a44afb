using System.Text.Json;

namespace DotnetLive.Protocol.Manifests;

/// <summary>Hashes remembered by file stamp between builds; persisted as JSON next to the build's intermediate output.</summary>
internal sealed class ManifestCache
{
    private readonly Dictionary<string, CachedHash> _hashes;

    private ManifestCache(Dictionary<string, CachedHash> hashes) => _hashes = hashes;

    public static ManifestCache Empty() => new(new Dictionary<string, CachedHash>(StringComparer.Ordinal));

    public static ManifestCache Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var hashes = JsonSerializer.Deserialize(stream, ManifestJson.Default.DictionaryStringCachedHash);
            return hashes is null ? Empty() : new ManifestCache(new Dictionary<string, CachedHash>(hashes, StringComparer.Ordinal));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            // A missing or corrupt cache only costs re-hashing.
            return Empty();
        }
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var stream = File.Create(path);
        JsonSerializer.Serialize(stream, _hashes, ManifestJson.Default.DictionaryStringCachedHash);
    }

    internal string? TryGet(string path, FileStamp stamp) =>
        _hashes.TryGetValue(path, out var cached) && cached.Size == stamp.Size && cached.LastWriteTicksUtc == stamp.LastWriteTicksUtc
            ? cached.Hash
            : null;

    internal void Set(string path, FileStamp stamp, string hash) =>
        _hashes[path] = new CachedHash(stamp.Size, stamp.LastWriteTicksUtc, hash);
}
