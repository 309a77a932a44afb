namespace DotnetLive.Tool.Projects;

/// <summary>What Properties/launchSettings.json says about running the app: its URLs and environment.</summary>
internal sealed record LaunchProfile(IReadOnlyList<Uri> Urls, IReadOnlyDictionary<string, string> Environment)
{
    public static readonly LaunchProfile None = new([], new Dictionary<string, string>());
}
