namespace DotnetLive.Tasks;

/// <summary>In .NET Framework MSBuild: the <c>changeset</c> step, run by the dotnet host.</summary>
public sealed partial class WriteLiveChangeSet : LiveStepTask
{
    protected override string Step => "changeset";

    protected override IEnumerable<string> StepArguments => [ManifestPath, PreviousManifestPath, ChangeSetPath];
}
