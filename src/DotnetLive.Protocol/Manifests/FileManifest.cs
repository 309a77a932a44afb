using System.Security.Cryptography;
using System.Text;

namespace DotnetLive.Protocol.Manifests;

/// <summary>The content of an app directory: relative path → hash and size. Paths compare ordinally.</summary>
internal sealed class FileManifest
{
    public static readonly FileManifest Empty = new([]);

    private readonly SortedDictionary<string, ManifestEntry> _entries = new(StringComparer.Ordinal);

    public FileManifest(IEnumerable<ManifestEntry> entries)
    {
        foreach (var entry in entries)
        {
            _entries[entry.Path] = entry;
        }
    }

    public IReadOnlyCollection<ManifestEntry> Entries => _entries.Values;

    public int Count => _entries.Count;

    public long TotalBytes => _entries.Values.Sum(e => e.Size);

    public bool TryGet(string path, out ManifestEntry entry) => _entries.TryGetValue(path, out entry!);

    /// <summary>
    /// A digest of the whole manifest. An update names the digest it was computed against, so the
    /// synclet can refuse one computed against a state it no longer holds.
    /// </summary>
    public string Digest()
    {
        var text = new StringBuilder();
        foreach (var entry in _entries.Values)
        {
            text.Append(entry.Path).Append('\0').Append(entry.Hash).Append('\0').Append(entry.Size).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
