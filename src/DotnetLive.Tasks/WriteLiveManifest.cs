using DotnetLive.Tasks.Live;
using Microsoft.Build.Framework;

namespace DotnetLive.Tasks;

/// <summary>Writes the manifest of a build's output directory (<see cref="LiveOutputs.WriteManifest"/>).</summary>
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
        Log.Report(LiveOutputs.WriteManifest(OutputDirectory, ManifestPath, CachePath));
        return !Log.HasLoggedErrors;
    }
}
