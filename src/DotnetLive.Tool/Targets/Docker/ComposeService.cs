namespace DotnetLive.Tool.Targets.Docker;

/// <summary>The Compose service the dev container takes the place of.</summary>
/// <param name="Project">The Compose project's name (its <c>name</c>, else COMPOSE_PROJECT_NAME, else the file's folder).</param>
/// <param name="Ports">Its ports that name a host port; all are published on 127.0.0.1 only.</param>
internal sealed record ComposeService(
    string File,
    string Project,
    string Name,
    IReadOnlyList<ComposeNetwork> Networks,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<PortMapping> Ports,
    IReadOnlyList<string> DependsOn,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Aliases)
{
    /// <summary>The names the container has on a network: the service's, and the aliases the file gives it there.</summary>
    public IList<string> NamesOn(ComposeNetwork network) => [Name, .. Aliases.GetValueOrDefault(network.Key) ?? []];

    /// <summary>The command that starts these services of the same file.</summary>
    public string UpCommand(IEnumerable<string> services) => $"docker compose -f {File} up -d {string.Join(' ', services)}";
}
