using System.Text.Json;
using DotnetLive.Protocol;
using DotnetLive.Protocol.Changes;
using DotnetLive.Protocol.Manifests;
using Microsoft.Build.Framework;

namespace DotnetLive.Tasks;

/// <summary>
/// Writes what this build changed in its output (changeset.json): the manifest just written against
/// the one the previous build left, then remembers the new one. A no-op build writes an empty set.
/// </summary>
public sealed class WriteLiveChangeSet : Microsoft.Build.Utilities.Task
{
    [Required]
    public string ManifestPath { get; set; } = "";

    [Required]
    public string PreviousManifestPath { get; set; } = "";

    [Required]
    public string ChangeSetPath { get; set; } = "";

    public override bool Execute()
    {
        try
        {
            var current = ManifestFile.Read(ManifestPath);
            var previous = File.Exists(PreviousManifestPath) ? ManifestFile.Read(PreviousManifestPath) : FileManifest.Empty;
            var changes = ChangeSetPlanner.Plan(previous, current);
            using (var stream = File.Create(ChangeSetPath))
            {
                JsonSerializer.Serialize(stream, ChangeSetDocument.From(changes), ProtocolJson.Default.ChangeSetDocument);
            }

            File.Copy(ManifestPath, PreviousManifestPath, overwrite: true);
            Log.LogMessage(MessageImportance.Low, $"dotnet-live: {changes.Writes.Count + changes.Deletes.Count} output file(s) changed → '{ChangeSetPath}'.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            Log.LogError(null, "DLIVE2102", null, null, 0, 0, 0, 0,
                $"dotnet-live could not write the change set '{ChangeSetPath}': {e.Message}. Check that the obj/ folder is writable and build again.");
        }

        return !Log.HasLoggedErrors;
    }
}
