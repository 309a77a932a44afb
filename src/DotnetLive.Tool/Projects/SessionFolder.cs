namespace DotnetLive.Tool.Projects;

/// <summary>
/// Where a project's dotnet-live sessions keep their files (session.json, the targets' state): a
/// dotnet-live folder in $(BaseIntermediateOutputPath), where DotnetLive.Tasks.targets looks for the
/// session (_DotnetLiveSessionPath), so that LiveDeploy builds find the one the tool publishes.
/// </summary>
internal static class SessionFolder
{
    /// <param name="baseIntermediateOutputPath">The project's evaluated $(BaseIntermediateOutputPath), as a full path.</param>
    public static string In(string baseIntermediateOutputPath) => Path.Combine(baseIntermediateOutputPath, "dotnet-live");

    /// <summary>
    /// The folder of a project that is not evaluated: `dotnet live down` only locates the project file
    /// (it loads no MSBuild), so it looks under the default obj/. The state of a project that sets
    /// another BaseIntermediateOutputPath is not found there.
    /// </summary>
    public static string Unevaluated(string projectPath) => In(Path.Combine(Path.GetDirectoryName(projectPath)!, "obj"));
}
