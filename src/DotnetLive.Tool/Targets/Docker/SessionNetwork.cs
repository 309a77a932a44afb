using DotnetLive.Tool.Projects;

namespace DotnetLive.Tool.Targets.Docker;

/// <summary>
/// The Docker network a session of several services shares, so that they reach each other by name:
/// each container joins it with its service's name as its DNS alias (<paramref name="Alias"/>), instead
/// of a network of its own. Labelled with the solution, so `dotnet live down` there removes it.
/// </summary>
internal sealed record SessionNetwork(string Name, string SolutionPath, string Alias = "")
{
    public static SessionNetwork For(string solutionPath)
    {
        var name = SessionService.NameOf(Path.GetFileNameWithoutExtension(solutionPath));
        return new SessionNetwork($"dotnet-live-{name}-{DockerLabels.ProjectId(solutionPath)}", solutionPath);
    }
}
