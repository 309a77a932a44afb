using Microsoft.Build.Framework;

namespace DotnetLive.Tasks;

/// <summary>The deploy step (<c>push</c>) for .NET Framework MSBuild; like the in-process task, it never fails a build.</summary>
public sealed class PushLiveChangeSet : LiveStepTask
{
    [Required]
    public string SessionPath { get; set; } = "";

    [Required]
    public string ManifestPath { get; set; } = "";

    [Required]
    public string OutputDirectory { get; set; } = "";

    protected override string Step => "push";

    protected override IEnumerable<string> StepArguments => [SessionPath, ManifestPath, Directory(OutputDirectory)];

    protected override bool FailureFailsTheBuild => false;
}
