namespace DotnetLive.Tasks;

/// <summary>In .NET Framework MSBuild: the <c>manifest</c> step, run by the dotnet host.</summary>
public sealed partial class WriteLiveManifest : LiveStepTask
{
    protected override string Step => "manifest";

    protected override IEnumerable<string> StepArguments => [OutputDirectory, ManifestPath, CachePath];
}
