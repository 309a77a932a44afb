using System.Diagnostics;

namespace DotnetLive.Testing;

/// <summary>
/// Builds with MSBuild's .NET Framework engine (tests/DotnetLive.FrameworkMSBuild) in Mono, as Visual
/// Studio's MSBuild would: $(MSBuildRuntimeType) is 'Full'. `scripts/test.sh` installs Mono.
/// </summary>
internal static class FrameworkMSBuild
{
    private static string Host => Path.Combine(Repository.Root, "tests", "DotnetLive.FrameworkMSBuild", "bin", Repository.Configuration, "net472", "DotnetLive.FrameworkMSBuild.exe");

    /// <summary>Builds <paramref name="project"/>; the environment is cleared of what `dotnet test` sets for its own MSBuild.</summary>
    public static async Task<(int ExitCode, string Output)> BuildAsync(string project, IReadOnlyDictionary<string, string> properties, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("mono", [Host, project, .. properties.Select(p => $"-p:{p.Key}={p.Value}")])
        {
            WorkingDirectory = Path.GetDirectoryName(project)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "DOTNET_HOST_PATH").ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("mono did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }
}
