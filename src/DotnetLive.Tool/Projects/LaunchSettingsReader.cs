using System.Text.Json;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Projects;

/// <summary>Reads the launch profile `dotnet run` would use: the named one, else the first with commandName "Project".</summary>
internal static class LaunchSettingsReader
{
    public static LaunchProfile Read(string projectDirectory, string? profileName)
    {
        var path = Path.Combine(projectDirectory, "Properties", "launchSettings.json");
        if (!File.Exists(path))
        {
            return LaunchProfile.None;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!document.RootElement.TryGetProperty("profiles", out var profiles) || profiles.ValueKind != JsonValueKind.Object)
            {
                return LaunchProfile.None;
            }

            foreach (var profile in profiles.EnumerateObject())
            {
                var matches = profileName is null
                    ? profile.Value.TryGetProperty("commandName", out var command) && command.GetString() == "Project"
                    : profile.Name == profileName;
                if (matches)
                {
                    return ToProfile(profile.Value);
                }
            }

            return profileName is null
                ? LaunchProfile.None
                : throw new LiveException(Messages.BadOption, $"Launch profile '{profileName}' is not in {path}.");
        }
        catch (JsonException e)
        {
            throw new LiveException(Messages.InvalidProject, $"{path} is not valid JSON ({e.Message})");
        }
    }

    private static LaunchProfile ToProfile(JsonElement profile)
    {
        var urls = new List<Uri>();
        if (profile.TryGetProperty("applicationUrl", out var applicationUrl) && applicationUrl.GetString() is { } text)
        {
            foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (Uri.TryCreate(part, UriKind.Absolute, out var url))
                {
                    urls.Add(url);
                }
            }
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (profile.TryGetProperty("environmentVariables", out var variables) && variables.ValueKind == JsonValueKind.Object)
        {
            foreach (var variable in variables.EnumerateObject())
            {
                environment[variable.Name] = variable.Value.ToString();
            }
        }

        return new LaunchProfile(urls, environment);
    }
}
