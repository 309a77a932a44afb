using DotnetLive.Tasks.Live;
using Microsoft.Build.Framework;

namespace DotnetLive.Tasks;

/// <summary>Writes what this build changed in its output, changeset.json (<see cref="LiveOutputs.WriteChangeSet"/>).</summary>
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
        Log.Report(LiveOutputs.WriteChangeSet(ManifestPath, PreviousManifestPath, ChangeSetPath));
        return !Log.HasLoggedErrors;
    }
}
