using DotnetLive.Protocol.Manifests;
using DotnetLive.Tool.Projects;

namespace DotnetLive.Tool.Build;

/// <summary>
/// What building in the cluster ships: the inputs the project's MSBuild evaluation names (the same the
/// watcher watches) — sources and project files of the project and its references, and the
/// Directory.Build.* / Directory.Packages.props files it imports — under the one folder that holds them
/// all, with the project's path relative to it.
/// </summary>
internal sealed record SourceSet(string Root, IReadOnlyList<string> Files, string Project)
{
    public static SourceSet From(ProjectModel project)
    {
        // Never what a build made (generated sources under obj/, outputs under bin/): the synclet's build makes its own.
        var built = project.IgnoredDirectories.Select(d => d.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar).ToList();
        var files = project.SourceFiles.Concat(project.ProjectFiles).Append(project.ProjectPath)
            .Distinct(StringComparer.Ordinal)
            .Where(f => !built.Any(d => f.StartsWith(d, StringComparison.Ordinal)) && File.Exists(f))
            .Order(StringComparer.Ordinal)
            .ToList();
        var root = files.Select(Path.GetDirectoryName).Aggregate(project.ProjectDirectory, (common, directory) => CommonDirectory(common, directory!));
        return new SourceSet(root, files, Path.GetRelativePath(root, project.ProjectPath).Replace(Path.DirectorySeparatorChar, '/'));
    }

    public FileManifest Manifest(ManifestCache? cache = null) => ManifestBuilder.Build(Root, Files, cache);

    /// <summary>Maps a path the synclet reports (relative to the source root in the container) to the developer's file.</summary>
    public string LocalPath(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    private static string CommonDirectory(string a, string b)
    {
        var left = a.Split(Path.DirectorySeparatorChar);
        var right = b.Split(Path.DirectorySeparatorChar);
        var same = left.Zip(right).TakeWhile(p => p.First == p.Second).Count();
        var common = string.Join(Path.DirectorySeparatorChar, left.Take(same));
        return common.Length == 0 ? Path.DirectorySeparatorChar.ToString() : common;
    }
}
