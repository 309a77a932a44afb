using System.Text.Json;
using DotnetLive.Protocol;
using DotnetLive.Protocol.Changes;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Tasks.Live;

namespace DotnetLive.Tasks.Steps;

/// <summary>The manifest and change set steps, apart from MSBuild: the tasks and the command both call these.</summary>
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
            return LiveMessage.Error("DLIVE2101", $"dotnet-live could not write the output manifest '{manifestPath}': {e.Message}. Check that the obj/ folder is writable and build again.");
        }
    }

    /// <summary>
    /// Writes what this build changed in its output: the manifest just written against the one the
    /// previous build left, then remembers the new one. A no-op build writes an empty set.
    /// </summary>
    public static LiveMessage WriteChangeSet(string manifestPath, string previousManifestPath, string changeSetPath)
    {
        try
        {
            var current = ManifestFile.Read(manifestPath);
            var previous = File.Exists(previousManifestPath) ? ManifestFile.Read(previousManifestPath) : FileManifest.Empty;
            var changes = ChangeSetPlanner.Plan(previous, current);
            using (var stream = File.Create(changeSetPath))
            {
                JsonSerializer.Serialize(stream, ChangeSetDocument.From(changes), ProtocolJson.Default.ChangeSetDocument);
            }

            File.Copy(manifestPath, previousManifestPath, overwrite: true);
            return new LiveMessage(LiveImportance.Low, $"dotnet-live: {changes.Writes.Count + changes.Deletes.Count} output file(s) changed → '{changeSetPath}'.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return LiveMessage.Error("DLIVE2102", $"dotnet-live could not write the change set '{changeSetPath}': {e.Message}. Check that the obj/ folder is writable and build again.");
        }
    }
}
