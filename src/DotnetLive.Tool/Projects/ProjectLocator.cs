using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Projects;

/// <summary>Finds what to run: the project or solution given, else the single project file in the folder, else its single solution.</summary>
internal static class ProjectLocator
{
    private static readonly string[] ProjectExtensions = [".csproj", ".fsproj", ".vbproj"];
    private static readonly string[] SolutionExtensions = [".sln", ".slnx"];

    /// <summary>A project file's or a solution file's full path.</summary>
    public static string Find(string? given, string currentDirectory)
    {
        var path = Path.GetFullPath(given ?? currentDirectory, currentDirectory);
        if (File.Exists(path))
        {
            return path;
        }

        if (!Directory.Exists(path))
        {
            throw new LiveException(Messages.ProjectNotFound, path);
        }

        var projects = FilesOf(path, ProjectExtensions);
        var solutions = projects.Count == 0 ? FilesOf(path, SolutionExtensions) : [];
        return (projects.Count, solutions.Count) switch
        {
            (1, _) => projects[0],
            (0, 0) => throw new LiveException(Messages.NoProject, path),
            (0, 1) => solutions[0],
            (0, _) => throw new LiveException(Messages.SeveralProjects, path, string.Join(", ", solutions.Select(Path.GetFileName))),
            _ => throw new LiveException(Messages.SeveralProjects, path, string.Join(", ", projects.Select(Path.GetFileName))),
        };
    }

    public static bool IsSolution(string path) => SolutionExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    private static List<string> FilesOf(string directory, string[] extensions) =>
        Directory.EnumerateFiles(directory)
            .Where(f => extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
}
