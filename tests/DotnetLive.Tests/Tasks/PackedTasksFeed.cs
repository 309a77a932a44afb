using DotnetLive.Protocol.Changes;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Testing;
using Xunit;

namespace DotnetLive.Tests.Tasks;

/// <summary>
/// The real DotnetLive.Tasks .nupkg in a folder feed, under a version no other run used, restored into
/// a private package folder: what a user's project gets, not a project reference.
/// </summary>
public sealed class PackedTasksFeed : IAsyncLifetime
{
    private readonly TempDirectory _feed = new();
    private readonly TempDirectory _packages = new();

    public string Version { get; } = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmssfff}";

    /// <summary>The package folder has a space in its path, as a Windows user profile often does.</summary>
    internal IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["NUGET_PACKAGES"] = _packages.Combine("nuget packages") };

    public async Task InitializeAsync()
    {
        var (exitCode, output) = await DotnetCli.RunAsync(_feed.Path,
            ["pack", Repository.TasksProject, "-c", Repository.Configuration, "-o", _feed.Path, $"-p:PackageVersion={Version}"]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException("dotnet pack of DotnetLive.Tasks failed:\n" + output);
        }
    }

    /// <summary>A copy of the LiveDeploy test app whose restore sees only this feed.</summary>
    /// <param name="folder">The copy's folder name; the project's by default.</param>
    internal SampleCopy CopyApp(string? folder = null)
    {
        var copy = new SampleCopy(Repository.Asset("LiveDeployApp"), folder);
        copy.Root.Write("nuget.config", $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="dotnet-live-test" value="{_feed.Path}" />
              </packageSources>
            </configuration>
            """);
        copy.Root.Write("Directory.Build.props", $"""
            <Project>
              <PropertyGroup>
                <DotnetLiveTasksVersion>{Version}</DotnetLiveTasksVersion>
              </PropertyGroup>
            </Project>
            """);
        return copy;
    }

    /// <summary>The manifest of the app's output, as the targets wrote it.</summary>
    internal static FileManifest Manifest(SampleCopy app) => ManifestFile.Read(app.PathOf("obj/Debug/net10.0/dotnet-live/manifest.json"));

    /// <summary>The outputs that changed between two manifests of the app.</summary>
    internal static ChangeSet Changed(FileManifest before, FileManifest after) => ChangeSetPlanner.Plan(before, after);

    internal Task<(int ExitCode, string Output)> BuildAsync(SampleCopy app, params string[] arguments) =>
        DotnetCli.RunAsync(app.Directory, ["build", "-v", "n", .. arguments], Environment.ToDictionary(e => e.Key, e => (string?)e.Value));

    public Task DisposeAsync()
    {
        _feed.Dispose();
        _packages.Dispose();
        return Task.CompletedTask;
    }
}
