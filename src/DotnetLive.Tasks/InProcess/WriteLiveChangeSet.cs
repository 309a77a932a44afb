using DotnetLive.Tasks.Live;
using DotnetLive.Tasks.Steps;

namespace DotnetLive.Tasks;

/// <summary>In the .NET SDK's MSBuild: <see cref="LiveOutputs.WriteChangeSet"/>, in process.</summary>
public sealed partial class WriteLiveChangeSet : Microsoft.Build.Utilities.Task
{
    public override bool Execute()
    {
        Log.Report(LiveOutputs.WriteChangeSet(ManifestPath, PreviousManifestPath, ChangeSetPath));
        return !Log.HasLoggedErrors;
    }
}
