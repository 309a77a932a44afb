using System.Text;
using System.Text.Json;
using Docker.DotNet.Models;

namespace DotnetLive.Tool.Targets.Docker;

/// <summary>
/// The credentials `docker login` stored for a registry in ~/.docker/config.json (its <c>auths</c>
/// entries), for pushes through the Engine API, which does not read that file itself. Credential
/// helpers (<c>credsStore</c>, <c>credHelpers</c>) are not run.
/// </summary>
internal static class RegistryCredentials
{
    /// <param name="registry">The registry, as in an image name: host[:port], optionally followed by a path.</param>
    /// <param name="configPath">The docker config file; default: $DOCKER_CONFIG/config.json, else ~/.docker/config.json.</param>
    public static AuthConfig For(string registry, string? configPath = null)
    {
        registry = registry.Split('/')[0];
        var path = configPath ?? Path.Combine(Environment.GetEnvironmentVariable("DOCKER_CONFIG") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker"), "config.json");
        try
        {
            using var config = JsonDocument.Parse(File.ReadAllText(path));
            if (config.RootElement.TryGetProperty("auths", out var auths) && auths.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in auths.EnumerateObject())
                {
                    if (Host(entry.Name) == registry && entry.Value.TryGetProperty("auth", out var auth) && auth.GetString() is { Length: > 0 } encoded)
                    {
                        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
                        var colon = pair.IndexOf(':', StringComparison.Ordinal);
                        if (colon > 0)
                        {
                            return new AuthConfig { ServerAddress = entry.Name, Username = pair[..colon], Password = pair[(colon + 1)..] };
                        }
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or FormatException or InvalidOperationException)
        {
            // No file, or not one we can read: push without credentials, as to a local registry.
        }

        return new AuthConfig();
    }

    /// <summary>"https://index.docker.io/v1/" and "localhost:5000" alike, as a host[:port].</summary>
    private static string Host(string key) =>
        Uri.TryCreate(key, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.Authority : key.TrimEnd('/');
}
