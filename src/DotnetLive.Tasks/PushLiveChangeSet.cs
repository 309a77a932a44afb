using Microsoft.Build.Framework;

namespace DotnetLive.Tasks;

/// <summary>
/// With LiveDeploy=true: ships the build's output to the synclet of the `dotnet live` session running
/// for this project, exactly as the tool's own loop would. Without an active session the build is
/// unaffected; every outcome is a message, never an error, so a deploy problem never fails a build.
/// Its parameters, declared once for both task builds; the work is in InProcess/ and Framework/.
/// </summary>
public sealed partial class PushLiveChangeSet
{
    [Required]
    public string SessionPath { get; set; } = "";

    [Required]
    public string ManifestPath { get; set; } = "";

    [Required]
    public string OutputDirectory { get; set; } = "";
}
