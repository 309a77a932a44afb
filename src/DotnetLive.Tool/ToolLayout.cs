namespace DotnetLive.Tool;

/// <summary>Where the parts the tool carries live, next to its own assembly (in the build output and in the package).</summary>
internal static class ToolLayout
{
    public static string SyncletAssembly => Path.Combine(AppContext.BaseDirectory, "synclet", "DotnetLive.Synclet.dll");

    /// <summary>The tool itself, which dotnet watch runs as the relay in a Hot Reload session.</summary>
    public static string ToolAssembly => Path.Combine(AppContext.BaseDirectory, "dotnet-live.dll");

    public static string TasksTargets => Path.Combine(AppContext.BaseDirectory, "msbuild", "build", "DotnetLive.Tasks.targets");
}
