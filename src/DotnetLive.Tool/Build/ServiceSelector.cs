using DotnetLive.Tool.Projects;
using DotnetLive.Tool.UI;
using Microsoft.Build.Construction;
using Microsoft.Build.Evaluation;
using Microsoft.Build.Exceptions;
using Microsoft.Build.Execution;

namespace DotnetLive.Tool.Build;

/// <summary>
/// The services of a session: the one project given, or every app project of a solution (or of the
/// projects given) — an Exe that is not a test project and does not say <c>LiveService=false</c> —
/// named after its project in lower case or <c>$(LiveServiceName)</c>, and filtered by <c>--only</c>.
/// </summary>
internal static class ServiceSelector
{
    /// <param name="paths">Project or solution files (<see cref="ProjectLocator.Find"/>).</param>
    /// <param name="only">The services to keep (--only); empty: all.</param>
    public static IReadOnlyList<SessionService> Select(IReadOnlyList<string> paths, IReadOnlyList<string> only, string configuration, IReadOnlyDictionary<string, string> properties)
    {
        if (paths is [var single] && !ProjectLocator.IsSolution(single) && only.Count == 0)
        {
            // One project: it is the app; its evaluation says plainly if it is not one.
            return [new SessionService(SessionService.NameOf(Path.GetFileNameWithoutExtension(single)), single)];
        }

        var globals = new Dictionary<string, string>(properties, StringComparer.OrdinalIgnoreCase) { ["Configuration"] = configuration };
        using var collection = new ProjectCollection(globals);
        var services = new List<SessionService>();
        foreach (var project in paths.SelectMany(ProjectsOf).Distinct(StringComparer.Ordinal))
        {
            if (ServiceOf(project, collection) is { } service)
            {
                services.Add(services.FirstOrDefault(s => s.Name == service.Name) is { } other
                    ? throw new LiveException(Messages.ServiceNameTwice, service.Name, other.ProjectPath, project)
                    : service);
            }
        }

        var where = string.Join(", ", paths.Select(Path.GetFileName));
        if (services.Count == 0)
        {
            throw new LiveException(Messages.NoServices, where);
        }

        if (only.Count == 0)
        {
            return services;
        }

        var missing = only.Where(name => services.All(s => s.Name != name)).ToList();
        if (missing.Count > 0)
        {
            throw new LiveException(Messages.UnknownService, string.Join(", ", missing), where, string.Join(", ", services.Select(s => s.Name)));
        }

        return [.. services.Where(s => only.Contains(s.Name))];
    }

    private static IEnumerable<string> ProjectsOf(string path)
    {
        if (!ProjectLocator.IsSolution(path))
        {
            return [path];
        }

        try
        {
            return SolutionFile.Parse(path).ProjectsInOrder
                .Where(p => p.ProjectType is SolutionProjectType.KnownToBeMSBuildFormat && File.Exists(p.AbsolutePath))
                .Select(p => Path.GetFullPath(p.AbsolutePath));
        }
        catch (InvalidProjectFileException e)
        {
            throw new LiveException(Messages.InvalidProject, $"{path}: {e.BaseMessage}");
        }
    }

    private static SessionService? ServiceOf(string projectPath, ProjectCollection collection)
    {
        ProjectInstance instance;
        using (BuildTurns.Take())
        {
            try
            {
                instance = new ProjectInstance(projectPath, collection.GlobalProperties, toolsVersion: null, collection);
            }
            catch (InvalidProjectFileException e)
            {
                throw new LiveException(Messages.InvalidProject, $"{e.ProjectFile}({e.LineNumber},{e.ColumnNumber}): {e.BaseMessage}");
            }
        }

        var isApp = instance.GetPropertyValue("OutputType") is var type
            && (type.Equals("Exe", StringComparison.OrdinalIgnoreCase) || type.Equals("WinExe", StringComparison.OrdinalIgnoreCase));
        if (!isApp || IsTrue(instance, "IsTestProject") || instance.GetPropertyValue("LiveService").Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var name = instance.GetPropertyValue("LiveServiceName");
        return new SessionService(SessionService.NameOf(name.Length > 0 ? name : Path.GetFileNameWithoutExtension(projectPath)), projectPath);
    }

    private static bool IsTrue(ProjectInstance instance, string property) =>
        instance.GetPropertyValue(property).Equals("true", StringComparison.OrdinalIgnoreCase);
}
