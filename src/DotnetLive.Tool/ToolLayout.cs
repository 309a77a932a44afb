namespace DotnetLive.Tool;

/// <summary>Where the parts the tool carries live, next to its own assembly (in the build output and in the package).</summary>
internal static class ToolLayout
{
    public static string SyncletAssembly => Path.Combine(AppContext.BaseDirectory, "synclet", "DotnetLive.Synclet.dll");

    public static string TasksTargets => Path.Combine(AppContext.BaseDirectory, "msbuild", "build", "DotnetLive.Tasks.targets");
}
