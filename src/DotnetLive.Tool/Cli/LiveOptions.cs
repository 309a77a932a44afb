namespace DotnetLive.Tool.Cli;

/// <summary>The command line of `dotnet live`.</summary>
/// <param name="Projects">--project values: project or solution files, or folders; none: the current folder.</param>
/// <param name="Only">--only: the services of a solution to run; none: all.</param>
internal sealed record LiveOptions(IReadOnlyList<string> Projects, IReadOnlyList<string> Only, string? Target, string Configuration, string? LaunchProfile, IReadOnlyDictionary<string, string> Properties, bool Verbose, bool NoHud, bool NoHotReload = false, bool NoDashboard = false);
