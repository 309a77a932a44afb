using Microsoft.Build.Framework;

namespace DotnetLive.Tasks;

/// <summary>The manifest step (<c>manifest</c>) for .NET Framework MSBuild.</summary>
public sealed class WriteLiveManifest : LiveStepTask
{
    [Required]
    public string OutputDirectory { get; set; } = "";

    [Required]
    public string ManifestPath { get; set; } = "";

    [Required]
    public string CachePath { get; set; } = "";

    protected override string Step => "manifest";

    protected override IEnumerable<string> StepArguments => [Directory(OutputDirectory), ManifestPath, CachePath];
}
