using DotnetLive.Protocol.Errors;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Tasks.Live;

namespace DotnetLive.Tasks.Steps;

/// <summary>The manifest step, apart from MSBuild: the tasks and the command both call these.</summary>
internal static class LiveOutputs
{
    /// <summary>
    /// Writes the manifest (relative path → SHA-256, size) of <paramref name="outputDirectory"/>. Files
    /// whose size and time stamp did not change keep their cached hash, so an incremental build re-hashes
    /// only what it wrote.
    /// </summary>
    public static LiveMessage WriteManifest(string outputDirectory, string manifestPath, string cachePath)
    {
        try
        {
            var cache = ManifestCache.Load(cachePath);
            var manifest = ManifestBuilder.Build(outputDirectory, cache);
            ManifestFile.Write(manifestPath, manifest);
            cache.Save(cachePath);
            return new LiveMessage(LiveImportance.Low, $"dotnet-live: {manifest.Count} files, {manifest.TotalBytes} bytes in '{outputDirectory}' → '{manifestPath}'.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return LiveMessage.Error(DiagnosticCodes.ManifestNotWritten, $"dotnet-live could not write the output manifest '{manifestPath}': {e.Message}. Check that the obj/ folder is writable and build again.");
        }
    }
}
