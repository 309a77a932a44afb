using Microsoft.Build.Framework;

namespace DotnetLive.Tasks;

/// <summary>
/// Writes the manifest of a build's output directory. Its parameters, declared once for both task
/// builds; the work is in InProcess/ (.NET SDK's MSBuild) and Framework/ (.NET Framework MSBuild).
/// </summary>
public sealed partial class WriteLiveManifest
{
    [Required]
    public string OutputDirectory { get; set; } = "";

    [Required]
    public string ManifestPath { get; set; } = "";

    [Required]
    public string CachePath { get; set; } = "";
}
