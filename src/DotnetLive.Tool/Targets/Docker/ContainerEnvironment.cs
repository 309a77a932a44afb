using DotnetLive.Tool.Projects;

namespace DotnetLive.Tool.Targets.Docker;

/// <summary>The dev container's environment: the launch profile's, then the Compose service's (which wins), served over HTTP.</summary>
internal static class ContainerEnvironment
{
    public static Dictionary<string, string> Of(LaunchProfile profile, ComposeService? compose)
    {
        var environment = profile.AppEnvironment();
        environment.Remove("ASPNETCORE_URLS"); // The container listens on ASPNETCORE_HTTP_PORTS (8080), published on the profile's port.
        foreach (var (name, value) in compose?.Environment ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        // No certificate comes with the dev container (Visual Studio's Compose override mounts one and
        // asks for HTTPS): Kestrel would not start. The app serves HTTP, which is what is published.
        environment.Remove("ASPNETCORE_HTTPS_PORTS");
        if (environment.TryGetValue("ASPNETCORE_URLS", out var urls))
        {
            var http = string.Join(';', urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(u => !u.StartsWith("https:", StringComparison.OrdinalIgnoreCase)));
            if (http.Length > 0)
            {
                environment["ASPNETCORE_URLS"] = http;
            }
            else
            {
                environment.Remove("ASPNETCORE_URLS");
            }
        }

        return environment;
    }
}
