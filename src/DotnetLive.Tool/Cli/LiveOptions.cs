namespace DotnetLive.Tool.Cli;

/// <summary>The command line of `dotnet live`.</summary>
internal sealed record LiveOptions(string? Project, string? Target, string Configuration, string? LaunchProfile, IReadOnlyDictionary<string, string> Properties, bool Verbose, bool NoHud, bool NoHotReload = false);
