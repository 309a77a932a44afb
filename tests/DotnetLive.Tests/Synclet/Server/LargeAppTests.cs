using System.Diagnostics;
using DotnetLive.Protocol.Changes;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Testing;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace DotnetLive.Tests.Synclet.Server;

/// <summary>
/// Audit M8: an app of 50,000 files (a front end's node_modules under wwwroot), whose update, answer
/// and manifest are each larger than one frame (8 MiB), against a real synclet: the first update lands,
/// a new connection is welcomed with the whole manifest, and an edit of one file ships one file.
/// </summary>
public sealed class LargeAppTests(ITestOutputHelper output)
{
    private const int Files = 50_000;

    [Fact]
    public async Task An_app_of_50000_files_is_shipped_connects_again_and_takes_an_edit()
    {
        using var app = new TempDirectory();
        for (var i = 0; i < Files; i++)
        {
            app.Write($"wwwroot/lib/node_modules/@design-system/components-package-{i / 100:000}/dist/esm/components/button-group-{i:00000}.min.js", $"export const n = {i};");
        }

        var manifest = ManifestBuilder.Build(app.Path);
        await using var synclet = await SyncletHost.StartAsync();
        var clock = Stopwatch.StartNew();
        await using (var client = await synclet.ConnectAsync())
        {
            var applied = await client.RestartWithAsync(app.Path);
            applied.Error.ShouldBeNull();
            new FileManifest(applied.Manifest).Digest().ShouldBe(manifest.Digest());
        }

        output.WriteLine($"first update of {Files} files: {clock.ElapsedMilliseconds} ms");
        clock.Restart();
        await using var again = await synclet.ConnectAsync();
        output.WriteLine($"connect with a manifest of {Files} files: {clock.ElapsedMilliseconds} ms");
        again.LastManifest.Entries.Count.ShouldBe(Files);
        again.LastManifest.Digest().ShouldBe(manifest.Digest());

        var edited = "wwwroot/lib/node_modules/@design-system/components-package-123/dist/esm/components/button-group-12345.min.js";
        app.Write(edited, "export const n = -1;");
        var changes = ChangeSetPlanner.Plan(again.LastManifest, ManifestBuilder.Build(app.Path));
        changes.Writes.ShouldHaveSingleItem().Entry.Path.ShouldBe(edited);
        (await again.RestartWithAsync(app.Path)).Error.ShouldBeNull();
        File.ReadAllText(Path.Combine(synclet.LiveRelease, edited)).ShouldBe("export const n = -1;");
    }
}
