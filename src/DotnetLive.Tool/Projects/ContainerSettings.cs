namespace DotnetLive.Tool.Projects;

/// <summary>
/// How the project describes its container, in the SDK's and Visual Studio's own properties. Empty
/// strings stand for "not set".
/// </summary>
/// <param name="Dockerfile">Full path of the project's Dockerfile: <c>DockerfileFile</c>, else a <c>Dockerfile</c> next to the project, if there is one.</param>
/// <param name="FastModeStage">The stage the app runs on in fast mode: <c>ContainerFastModeStage</c>, else <c>DockerfileFastModeStage</c>; empty: <c>base</c> if the Dockerfile has one.</param>
/// <param name="Context">Full path of the Dockerfile's build context: <c>DockerfileContext</c>, else the project folder.</param>
/// <param name="BaseImage"><c>ContainerBaseImage</c>.</param>
/// <param name="Family"><c>ContainerFamily</c>: appended to the default base image's tag (<c>10.0-noble-chiseled</c>).</param>
/// <param name="Environment"><c>ContainerEnvironmentVariable</c> items (name, <c>Value</c>).</param>
/// <param name="Labels"><c>ContainerLabel</c> items (name, <c>Value</c>).</param>
/// <param name="Ports"><c>ContainerPort</c> items as <c>8080/tcp</c>.</param>
/// <param name="Network"><c>LiveDockerNetwork</c> (or --network): an existing Docker network the container joins.</param>
internal sealed record ContainerSettings(
    string Dockerfile,
    string FastModeStage,
    string Context,
    string BaseImage,
    string Family,
    string User,
    string WorkingDirectory,
    IReadOnlyList<KeyValuePair<string, string>> Environment,
    IReadOnlyList<KeyValuePair<string, string>> Labels,
    IReadOnlyList<string> Ports,
    string Network)
{
    public const string DefaultStage = "base";

    public static readonly ContainerSettings None = new("", "", "", "", "", "", "", [], [], [], "");

    /// <summary>The stage to build: the one set, else <see cref="DefaultStage"/>.</summary>
    public string Stage => FastModeStage.Length > 0 ? FastModeStage : DefaultStage;
}
