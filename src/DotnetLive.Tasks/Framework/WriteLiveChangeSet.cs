using Microsoft.Build.Framework;

namespace DotnetLive.Tasks;

/// <summary>The change set step (<c>changeset</c>) for .NET Framework MSBuild.</summary>
public sealed class WriteLiveChangeSet : LiveStepTask
{
    [Required]
    public string ManifestPath { get; set; } = "";

    [Required]
    public string PreviousManifestPath { get; set; } = "";

    [Required]
    public string ChangeSetPath { get; set; } = "";

    protected override string Step => "changeset";

    protected override IEnumerable<string> StepArguments => [ManifestPath, PreviousManifestPath, ChangeSetPath];
}
