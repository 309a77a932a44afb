namespace DotnetLive.Tool.Projects;

/// <summary>What Properties/launchSettings.json says about running the app: its URLs and environment.</summary>
internal sealed record LaunchProfile(IReadOnlyList<Uri> Urls, IReadOnlyDictionary<string, string> Environment)
{
    public static readonly LaunchProfile None = new([], new Dictionary<string, string>());

    /// <summary>The variables the app gets on every target: the profile's, with Development as the default environment.</summary>
    public Dictionary<string, string> AppEnvironment()
    {
        var environment = new Dictionary<string, string>(Environment, StringComparer.Ordinal);
        environment.TryAdd("DOTNET_ENVIRONMENT", "Development");
        environment.TryAdd("ASPNETCORE_ENVIRONMENT", "Development");
        return environment;
    }
}
