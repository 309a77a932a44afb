using DotnetLive.Tasks.Live;
using DotnetLive.Tasks.Steps;
using Microsoft.Build.Framework;

namespace DotnetLive.Tasks;

/// <summary>In the .NET SDK's MSBuild: <see cref="LiveDeployer.DeployAsync"/>, in process.</summary>
public sealed partial class PushLiveChangeSet : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    public void Cancel() => _cancel.Cancel();

    public override bool Execute()
    {
        Log.Report(LiveDeployer.DeployAsync(SessionPath, ManifestPath, OutputDirectory, _cancel.Token).GetAwaiter().GetResult());
        return true;
    }
}
