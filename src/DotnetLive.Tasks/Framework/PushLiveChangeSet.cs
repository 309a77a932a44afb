namespace DotnetLive.Tasks;

/// <summary>In .NET Framework MSBuild: the <c>push</c> step, run by the dotnet host; like the in-process task, it never fails a build (it reports no errors).</summary>
public sealed partial class PushLiveChangeSet : LiveStepTask
{
    protected override string Step => "push";

    protected override IEnumerable<string> StepArguments => [SessionPath, ManifestPath, OutputDirectory];
}
