using DotnetLive.Tool.UI;
using Microsoft.Build.Locator;

namespace DotnetLive.Tool.Build;

/// <summary>
/// Loads MSBuild from the user's own SDK (the one `dotnet build` would use in the project folder, so
/// global.json is honoured). Must run before any code that touches Microsoft.Build types.
/// </summary>
internal static class MsBuildRegistration
{
    /// <summary>Registers the SDK and returns the `dotnet` executable that belongs to it.</summary>
    public static string Register(string projectDirectory)
    {
        VisualStudioInstance? instance;
        try
        {
            instance = MSBuildLocator.QueryVisualStudioInstances(new VisualStudioInstanceQueryOptions
                {
                    DiscoveryTypes = DiscoveryType.DotNetSdk,
                    WorkingDirectory = projectDirectory,
                })
                .OrderByDescending(i => i.Version)
                .FirstOrDefault();
        }
        catch (InvalidOperationException e)
        {
            // hostfxr's own words say which SDK global.json asked for and which are installed.
            throw new LiveException(Messages.NoSdk, projectDirectory, string.Join(" ", e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        }

        if (instance is null)
        {
            throw new LiveException(Messages.NoSdk, projectDirectory, "none is installed");
        }

        MSBuildLocator.RegisterInstance(instance);

        // MSBuildPath is <dotnet root>/sdk/<version>/.
        var root = Path.GetFullPath(Path.Combine(instance.MSBuildPath, "..", ".."));
        return Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
    }
}
