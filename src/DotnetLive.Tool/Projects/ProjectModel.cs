namespace DotnetLive.Tool.Projects;

/// <summary>What the MSBuild evaluation of the project says the tool needs: outputs and the files that matter.</summary>
internal sealed record ProjectModel(
    string ProjectPath,
    string TargetFileName,
    string OutputDirectory,
    string ManifestPath,
    string SessionPath,
    string LiveTarget,
    string LiveBaseImage,
    string LivePorts,
    string TargetFrameworkVersion,
    bool IsWeb,
    IReadOnlySet<string> SourceFiles,
    IReadOnlySet<string> ProjectFiles,
    IReadOnlyList<string> ProjectDirectories,
    IReadOnlyList<string> IgnoredDirectories)
{
    public string Name => Path.GetFileNameWithoutExtension(ProjectPath);

    public string ProjectDirectory => Path.GetDirectoryName(ProjectPath)!;
}
