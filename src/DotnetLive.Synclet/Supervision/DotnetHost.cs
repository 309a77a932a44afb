namespace DotnetLive.Synclet.Supervision;

/// <summary>The `dotnet` host that runs the app: the one running the synclet when it is `dotnet`, else the one on PATH.</summary>
internal static class DotnetHost
{
    public static string Path { get; } =
        Environment.ProcessPath is { } self && System.IO.Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
}
