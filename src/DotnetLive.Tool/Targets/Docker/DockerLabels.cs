using System.Security.Cryptography;
using System.Text;

namespace DotnetLive.Tool.Targets.Docker;

/// <summary>The labels that mark what dotnet-live created for a project, so `dotnet live down` finds exactly that.</summary>
internal static class DockerLabels
{
    public const string Managed = "dev.dotnet-live.managed";
    public const string Project = "dev.dotnet-live.project";
    public const string ProjectPath = "dev.dotnet-live.project-path";

    /// <summary>What the container was made from (image, ports, environment, synclet, protocol): another value means make it again.</summary>
    public const string Configuration = "dev.dotnet-live.configuration";

    /// <summary>A short, stable id of a project: the same path always gives the same containers and image.</summary>
    public static string ProjectId(string projectPath) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(projectPath)))[..12];

    public static Dictionary<string, string> For(string projectPath) => new()
    {
        [Managed] = "true",
        [Project] = ProjectId(projectPath),
        [ProjectPath] = projectPath,
    };

    /// <summary>An engine API filter on this project's label.</summary>
    public static IDictionary<string, IDictionary<string, bool>> Filter(string projectPath) =>
        new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{Project}={ProjectId(projectPath)}"] = true } };
}
