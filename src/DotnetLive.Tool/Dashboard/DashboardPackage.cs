using System.Runtime.InteropServices;
using System.Text.Json;
using DotnetLive.Protocol.Processes;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Dashboard;

/// <summary>
/// The Aspire dashboard program, from the NuGet package that carries it for this platform
/// (<c>Aspire.Dashboard.Sdk.&lt;rid&gt;</c>). The first session restores a one-line project that
/// downloads the package, in the app's <c>obj</c> folder so that the app's NuGet settings (its
/// nuget.config, feeds and credentials) apply; later sessions find it without restoring again, in the
/// user's packages folder or the one that restore recorded.
/// </summary>
internal static class DashboardPackage
{
    public const string Version = "13.6.5";

    private static readonly TimeSpan RestoreTimeout = TimeSpan.FromMinutes(3);

    public static string Id => $"Aspire.Dashboard.Sdk.{Rid}";

    /// <summary>The dashboard's executable, restored first if it must be.</summary>
    /// <exception cref="LiveException"><see cref="Messages.DashboardUnavailable"/>: no feed served it, or this platform has no package.</exception>
    public static async Task<string> LocateAsync(string projectDirectory, string dotnet, CancellationToken ct)
    {
        var folder = Path.Combine(projectDirectory, "obj", "dotnet-live", "dashboard");
        var project = Path.Combine(folder, "dashboard.csproj");
        var assets = Path.Combine(folder, "obj", "project.assets.json");
        if (InFolder(DefaultPackagesFolder()) is { } installed)
        {
            return installed;
        }

        if (File.Exists(project) && File.ReadAllText(project) == ProjectText() && FromAssets(assets) is { } known)
        {
            return known;
        }

        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(project, ProjectText(), ct).ConfigureAwait(false);
        var output = await RestoreAsync(dotnet, project, ct).ConfigureAwait(false);
        return FromAssets(assets) ?? throw Unavailable(output.Count == 0 ? "restore gave no reason." : string.Join(" ", output.TakeLast(3)));
    }

    private static LiveException Unavailable(string reason) => new(Messages.DashboardUnavailable, Id, Version, reason);

    /// <summary>Restores without the folder's Directory.Build.* and central package versions: the project is ours, only the NuGet settings are the app's.</summary>
    private static async Task<IReadOnlyList<string>> RestoreAsync(string dotnet, string project, CancellationToken ct)
    {
        var errors = new List<string>();
        using var restore = ChildProcess.Start(new ProcessSpec(dotnet, ["restore", project, "--nologo", "-v", "q", "-p:ImportDirectoryBuildProps=false", "-p:ImportDirectoryBuildTargets=false", "-p:ImportDirectoryPackagesProps=false"])
        {
            Input = ChildInput.Closed,
            OnOutput = (_, line) => Keep(errors, line),
            OnError = (_, line) => Keep(errors, line),
            GracePeriod = TimeSpan.FromSeconds(2),
        });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RestoreTimeout);
        try
        {
            await restore.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await restore.StopAsync().ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            throw Unavailable($"restore did not finish within {RestoreTimeout.TotalMinutes} minutes.");
        }

        lock (errors)
        {
            return [.. errors];
        }
    }

    private static void Keep(List<string> errors, string line)
    {
        if (line.Contains("error", StringComparison.OrdinalIgnoreCase))
        {
            lock (errors)
            {
                errors.Add(line.Trim());
            }
        }
    }

    /// <summary>The executable in a packages folder that restore recorded, if it is there.</summary>
    private static string? FromAssets(string assets)
    {
        if (!File.Exists(assets))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(assets));
        return document.RootElement.TryGetProperty("packageFolders", out var folders)
            ? folders.EnumerateObject().Select(f => InFolder(f.Name)).FirstOrDefault(e => e is not null)
            : null;
    }

    /// <summary>The executable in <paramref name="packagesFolder"/> (NuGet's layout: lower-case id, version, the package's files), if it is there.</summary>
    private static string? InFolder(string? packagesFolder)
    {
        if (packagesFolder is null)
        {
            return null;
        }

        var executable = Path.Combine(packagesFolder, Id.ToLowerInvariant(), Version, "tools", OperatingSystem.IsWindows() ? "Aspire.Dashboard.exe" : "Aspire.Dashboard");
        return File.Exists(executable) ? executable : null;
    }

    /// <summary>NuGet's packages folder when no nuget.config moves it: $NUGET_PACKAGES, else ~/.nuget/packages.</summary>
    private static string? DefaultPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set ? set
        : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home ? Path.Combine(home, ".nuget", "packages")
        : null;

    private static string ProjectText() => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <!-- Made by dotnet live to download the Aspire dashboard it runs; safe to delete. -->
          <PropertyGroup>
            <TargetFramework>net{Environment.Version.Major}.0</TargetFramework>
          </PropertyGroup>
          <ItemGroup>
            <PackageDownload Include="{Id}" Version="[{Version}]" />
          </ItemGroup>
        </Project>

        """;

    private static string Rid => (OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux") + "-" + RuntimeInformation.OSArchitecture switch
    {
        Architecture.Arm64 => "arm64",
        _ => "x64",
    };
}
