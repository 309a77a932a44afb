using DotnetLive.Tasks.Live;
using DotnetLive.Tasks.Steps;

namespace DotnetLive.Tasks;

/// <summary>In the .NET SDK's MSBuild: <see cref="LiveOutputs.WriteManifest"/>, in process.</summary>
public sealed partial class WriteLiveManifest : Microsoft.Build.Utilities.Task
{
    public override bool Execute()
    {
        Log.Report(LiveOutputs.WriteManifest(OutputDirectory, ManifestPath, CachePath));
        return !Log.HasLoggedErrors;
    }
}
