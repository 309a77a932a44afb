using Microsoft.Build.Framework;

namespace DotnetLive.Tasks;

/// <summary>
/// Writes what this build changed in its output, changeset.json. Its parameters, declared once for
/// both task builds; the work is in InProcess/ and Framework/.
/// </summary>
public sealed partial class WriteLiveChangeSet
{
    [Required]
    public string ManifestPath { get; set; } = "";

    [Required]
    public string PreviousManifestPath { get; set; } = "";

    [Required]
    public string ChangeSetPath { get; set; } = "";
}
