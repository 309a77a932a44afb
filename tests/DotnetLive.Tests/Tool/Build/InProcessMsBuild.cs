using DotnetLive.Testing;
using DotnetLive.Tool.Build;
using Microsoft.Build.Locator;

namespace DotnetLive.Tests.Tool.Build;

/// <summary>MSBuild loaded from the SDK in the test process, as the tool loads it, once.</summary>
internal static class InProcessMsBuild
{
    public static void Register()
    {
        lock (typeof(MSBuildLocator))
        {
            if (!MSBuildLocator.IsRegistered)
            {
                MsBuildRegistration.Register(Repository.Root);
            }
        }
    }
}
