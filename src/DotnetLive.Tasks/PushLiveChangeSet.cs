using DotnetLive.Tasks.Deploy;
using DotnetLive.Tasks.Live;
using Microsoft.Build.Framework;

namespace DotnetLive.Tasks;

/// <summary>
/// With LiveDeploy=true: ships the build's output to the synclet of the `dotnet live` session running
/// for this project, exactly as the tool's own loop would. Without an active session the build is
/// unaffected; every outcome is a message, never an error, so a deploy problem never fails a build.
/// </summary>
public sealed class PushLiveChangeSet : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    [Required]
    public string SessionPath { get; set; } = "";

    [Required]
    public string ManifestPath { get; set; } = "";

    [Required]
    public string OutputDirectory { get; set; } = "";

    public void Cancel() => _cancel.Cancel();

    public override bool Execute()
    {
        Log.Report(LiveDeployer.DeployAsync(SessionPath, ManifestPath, OutputDirectory, _cancel.Token).GetAwaiter().GetResult());
        return true;
    }
}
