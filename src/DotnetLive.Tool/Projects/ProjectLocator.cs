using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Projects;

/// <summary>Finds the project to run: the one given, or the single project file in the folder.</summary>
internal static class ProjectLocator
{
    private static readonly string[] ProjectExtensions = [".csproj", ".fsproj", ".vbproj"];

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

        var projects = Directory.EnumerateFiles(path)
            .Where(f => ProjectExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        return projects.Count switch
        {
            0 => throw new LiveException(Messages.NoProject, path),
            1 => projects[0],
            _ => throw new LiveException(Messages.SeveralProjects, path, string.Join(", ", projects.Select(Path.GetFileName))),
        };
    }
}
