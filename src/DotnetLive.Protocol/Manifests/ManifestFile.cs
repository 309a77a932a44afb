using System.Text.Json;

namespace DotnetLive.Protocol.Manifests;

/// <summary>Reads and writes a <see cref="FileManifest"/> as JSON (the form the build leaves under obj/).</summary>
internal static class ManifestFile
{
    public static FileManifest Read(string path)
    {
        using var stream = File.OpenRead(path);
        var entries = JsonSerializer.Deserialize(stream, ManifestJson.Default.ListManifestEntry) ?? [];
        return new FileManifest(entries);
    }

    public static void Write(string path, FileManifest manifest)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        using (var stream = File.Create(temp))
        {
            JsonSerializer.Serialize(stream, manifest.Entries.ToList(), ManifestJson.Default.ListManifestEntry);
        }

        File.Move(temp, path, overwrite: true);
    }
}
