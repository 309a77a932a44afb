using Docker.DotNet;
using Docker.DotNet.Models;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Targets.Docker;

/// <summary>The Docker networks the dev container joins, made where they are missing.</summary>
/// <param name="compose">The Compose service the container takes the place of, if any.</param>
/// <param name="containerName">The container's name, which its own network (when it joins no other) takes.</param>
/// <param name="alias">The container's name on a network it joins with --network: the project's, in lower case.</param>
/// <param name="session">The network a session of several services shares, if this is one of them.</param>
internal sealed class DockerNetworks(ProjectModel project, ComposeService? compose, string containerName, string alias, SessionNetwork? session, IReporter reporter)
{
    private static readonly SemaphoreSlim SessionNetworkMade = new(1, 1);

    /// <summary>
    /// The networks the container joins, each with the names it is known by there: its Compose
    /// service's (made as Compose would make them if they are not there yet; an external one must be),
    /// and the one --network names. The service's own container, if Compose runs it, is stopped, and
    /// services it depends on that do not run are named with the command that starts them.
    /// </summary>
    public async Task<IReadOnlyList<(string Name, IList<string> Aliases)>> EnsureAsync(DockerClient docker, CancellationToken ct)
    {
        var networks = new List<(string, IList<string>)>();
        if (compose is not null)
        {
            foreach (var network in compose.Networks)
            {
                if (!await NetworkExistsAsync(docker, network.Name, ct).ConfigureAwait(false))
                {
                    if (network.External)
                    {
                        throw new LiveException(Messages.NetworkMissing, network.Name);
                    }

                    await docker.Networks.CreateNetworkAsync(new NetworksCreateParameters
                    {
                        Name = network.Name,
                        Driver = network.Driver,
                        Internal = network.Internal,
                        Labels = new Dictionary<string, string> { ["com.docker.compose.project"] = compose.Project, ["com.docker.compose.network"] = network.Key },
                    }, ct).ConfigureAwait(false);
                }

                networks.Add((network.Name, compose.NamesOn(network)));
            }

            reporter.Info(Messages.ComposeService, compose.Name, compose.File, string.Join(", ", compose.Networks.Select(n => n.Name)));
            foreach (var own in await ComposeContainersAsync(docker, compose, compose.Name, ct).ConfigureAwait(false))
            {
                await docker.Containers.StopContainerAsync(own.ID, new ContainerStopParameters(), ct).ConfigureAwait(false);
                reporter.Info(Messages.ComposeServiceStopped, own.Names.FirstOrDefault()?.TrimStart('/') ?? own.ID[..12], compose.Name);
            }

            var down = new List<string>();
            foreach (var dependency in compose.DependsOn)
            {
                if ((await ComposeContainersAsync(docker, compose, dependency, ct).ConfigureAwait(false)).Count == 0)
                {
                    down.Add(dependency);
                }
            }

            if (down.Count > 0)
            {
                reporter.Info(Messages.ComposeDependenciesDown, string.Join(", ", down), compose.Name, compose.UpCommand(down));
            }
        }

        if (project.ContainerSettings.Network is { Length: > 0 } named)
        {
            if (!await NetworkExistsAsync(docker, named, ct).ConfigureAwait(false))
            {
                throw new LiveException(Messages.NetworkMissing, named);
            }

            networks.Add((named, [compose?.Name ?? alias]));
        }

        if (session is not null)
        {
            networks.Add((await SessionNetworkAsync(docker, session, ct).ConfigureAwait(false), [session.Alias]));
        }

        if (networks.Count == 0)
        {
            networks.Add((await OwnNetworkAsync(docker, ct).ConfigureAwait(false), [alias]));
        }

        return networks;
    }

    /// <summary>
    /// A network of the container's own, with traffic between its containers off: no other container
    /// (not one on the default bridge, where containers reach each other) reaches the synclet or the app.
    /// Made again if missing; `dotnet live down` removes it.
    /// </summary>
    private async Task<string> OwnNetworkAsync(DockerClient docker, CancellationToken ct)
    {
        if (!await NetworkExistsAsync(docker, containerName, ct).ConfigureAwait(false))
        {
            await docker.Networks.CreateNetworkAsync(new NetworksCreateParameters
            {
                Name = containerName,
                Labels = DockerLabels.For(project.ProjectPath),
                Options = new Dictionary<string, string> { ["com.docker.network.bridge.enable_icc"] = "false" },
            }, ct).ConfigureAwait(false);
        }

        return containerName;
    }

    /// <summary>
    /// The network of a session of several services, made by the first of them to need it. Its containers
    /// reach each other (as Compose's do), so each synclet is reachable by the session's other apps too;
    /// it answers only a client that proves it knows the synclet's own secret.
    /// </summary>
    private static async Task<string> SessionNetworkAsync(DockerClient docker, SessionNetwork session, CancellationToken ct)
    {
        // The engine makes two networks of one name if asked at once: the services of the session ask in turn.
        await SessionNetworkMade.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!await NetworkExistsAsync(docker, session.Name, ct).ConfigureAwait(false))
            {
                await docker.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = session.Name, Labels = DockerLabels.For(session.SolutionPath) }, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            SessionNetworkMade.Release();
        }

        return session.Name;
    }

    private static async Task<bool> NetworkExistsAsync(DockerClient docker, string name, CancellationToken ct)
    {
        try
        {
            return (await docker.Networks.InspectNetworkAsync(name, ct).ConfigureAwait(false)).Name == name;
        }
        catch (DockerNetworkNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The running containers Compose made for a service (found by Compose's own labels).</summary>
    private static async Task<IList<ContainerListResponse>> ComposeContainersAsync(DockerClient docker, ComposeService compose, string service, CancellationToken ct) =>
        await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"com.docker.compose.project={compose.Project}"] = true, [$"com.docker.compose.service={service}"] = true },
            },
        }, ct).ConfigureAwait(false);
}
