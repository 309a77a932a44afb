using System.Globalization;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Targets.Docker;

/// <summary>A container port published on a host port (always on 127.0.0.1).</summary>
internal sealed record PortMapping(int Host, int Container)
{
    /// <summary>The port ASP.NET Core listens on in the official images (ASPNETCORE_HTTP_PORTS).</summary>
    public const int AspNetCorePort = 8080;

    /// <summary>A container port that stands for the one the app listens on, known once its image is made (<see cref="AppPort"/>).</summary>
    public const int AppPortPlaceholder = 0;

    /// <summary>
    /// <c>LivePorts</c> when set (<c>PORT</c> or <c>HOSTPORT:CONTAINERPORT</c>, ';'-separated); else, for a
    /// web project, the launch profile's HTTP port (or 8080) on the host for the app's port in the container.
    /// </summary>
    public static IReadOnlyList<PortMapping> For(ProjectModel project, LaunchProfile profile)
    {
        if (project.LivePorts.Length > 0)
        {
            return Parse(project.LivePorts);
        }

        return project.IsWeb
            ? [new PortMapping(profile.Urls.FirstOrDefault(u => u.Scheme == Uri.UriSchemeHttp)?.Port ?? AspNetCorePort, AppPortPlaceholder)]
            : [];
    }

    /// <summary>
    /// The HTTP port ASP.NET Core listens on in a container with this environment (<c>NAME=VALUE</c>, later
    /// ones win): ASPNETCORE_URLS's first http URL, else ASPNETCORE_HTTP_PORTS's first port, else 8080.
    /// </summary>
    public static int AppPort(IEnumerable<string> environment)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in environment)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                variables[entry[..equals]] = entry[(equals + 1)..];
            }
        }

        if (variables.GetValueOrDefault("ASPNETCORE_URLS") is { Length: > 0 } urls)
        {
            foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var colon = url.LastIndexOf(':');
                if (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && colon > 6 && Port(url[(colon + 1)..].TrimEnd('/')) is { } port)
                {
                    return port;
                }
            }
        }

        return variables.GetValueOrDefault("ASPNETCORE_HTTP_PORTS") is { Length: > 0 } ports
            && Port(ports.Split([';', ','], StringSplitOptions.TrimEntries)[0]) is { } first
            ? first
            : AspNetCorePort;
    }

    internal static IReadOnlyList<PortMapping> Parse(string livePorts) =>
        livePorts.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(entry => entry.Split(':') switch
            {
                [var port] when Port(port) is { } p => new PortMapping(p, p),
                [var host, var container] when Port(host) is { } h && Port(container) is { } c => new PortMapping(h, c),
                _ => throw new LiveException(Messages.BadOption, $"LivePorts entry '{entry}' is not PORT or HOSTPORT:CONTAINERPORT."),
            })
            .ToList();

    private static int? Port(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535 ? port : null;
}
