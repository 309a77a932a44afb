using System.Reflection;

namespace DotnetLive.Testing;

/// <summary>Paths into the repository and the build output the tests run.</summary>
internal static class Repository
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    public static string ToolAssembly => Path.Combine(Root, "src", "DotnetLive.Tool", "bin", Configuration, "net10.0", "dotnet-live.dll");

    public static string SyncletAssembly => Path.Combine(Root, "src", "DotnetLive.Tool", "bin", Configuration, "net10.0", "synclet", "DotnetLive.Synclet.dll");

    public static string Sample(string name) => Path.Combine(Root, "samples", name);

    public static string Asset(string name) => Path.Combine(Root, "tests", "Assets", name);

    public static string TasksProject => Path.Combine(Root, "src", "DotnetLive.Tasks", "DotnetLive.Tasks.csproj");

    public static string Configuration => Metadata("Configuration");

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
