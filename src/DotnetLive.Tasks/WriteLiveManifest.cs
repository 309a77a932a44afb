using DotnetLive.Protocol.Manifests;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DotnetLive.Tasks;

/// <summary>
/// Writes the manifest (relative path → SHA-256, size) of a build's output directory. Files whose size
/// and time stamp did not change since the last build keep their cached hash, so an incremental build
/// re-hashes only what it wrote. The change set against a synclet is computed from this manifest.
/// </summary>
public sealed class WriteLiveManifest : Microsoft.Build.Utilities.Task
{
    [Required]
    public string OutputDirectory { get; set; } = "";

    [Required]
    public string ManifestPath { get; set; } = "";

    [Required]
    public string CachePath { get; set; } = "";

    public override bool Execute()
    {
        try
        {
            var cache = ManifestCache.Load(CachePath);
            var manifest = ManifestBuilder.Build(OutputDirectory, cache);
            ManifestFile.Write(ManifestPath, manifest);
            cache.Save(CachePath);
            Log.LogMessage(MessageImportance.Low, $"dotnet-live: {manifest.Count} files, {manifest.TotalBytes} bytes in '{OutputDirectory}' → '{ManifestPath}'.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, "DLIVE2101", null, null, 0, 0, 0, 0,
                $"dotnet-live could not write the output manifest '{ManifestPath}': {e.Message}. Check that the obj/ folder is writable and build again.");
        }

        return !Log.HasLoggedErrors;
    }
}
