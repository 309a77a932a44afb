using System.Diagnostics;
using DotnetLive.Protocol.Changes;
using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Testing;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Synclet.Store;

/// <summary>
/// Faults at the worst moments, driven there deterministically: the app directory is wholly old or
/// wholly new afterwards, the synclet recovers on restart, and the next update works.
/// </summary>
[Collection(Integration.IntegrationCollection.Name)]
public sealed class FaultTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly TempDirectory _output = new();

    private static async Task ShipAsync(SyncletClient client, string directory) =>
        (await client.RestartWithAsync(directory))
            .Error.ShouldBeNull();

    [Theory]
    [InlineData("staged")]
    [InlineData("moved")]
    public async Task A_synclet_killed_during_the_swap_leaves_the_old_app_and_recovers(string point)
    {
        _output.Write("App.dll", "v1");
        _output.Write("lib/Dep.dll", "dep");
        await using (var seeding = await SyncletHost.StartAsync(_root.Path))
        {
            await using var client = await seeding.ConnectAsync();
            await ShipAsync(client, _output.Path);
        }

        var marker = _output.Combine("..", Path.GetFileName(_output.Path) + ".reached");
        await using (var doomed = await SyncletHost.StartAsync(_root.Path, null, "--fault-point", $"{point}:{marker}"))
        {
            var before = doomed.LiveFiles();
            var client = await doomed.ConnectAsync();
            _output.Write("App.dll", "v2");
            _output.Write("new.json", "{}");
            var shipping = ShipAsync(client, _output.Path);

            await Eventually.UntilAsync($"the synclet to reach the '{point}' fault point", () => File.Exists(marker), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(10));

            await doomed.KillAsync();
            await Should.ThrowAsync<IOException>(shipping);
            await client.DisposeAsync();
            File.Delete(marker);
            before.ShouldBe(new Dictionary<string, string> { ["App.dll"] = "v1", ["lib/Dep.dll"] = "dep" }, ignoreOrder: true);
        }

        await using var recovered = await SyncletHost.StartAsync(_root.Path);
        recovered.LiveFiles().ShouldBe(new Dictionary<string, string> { ["App.dll"] = "v1", ["lib/Dep.dll"] = "dep" }, ignoreOrder: true);
        recovered.Leftovers().ShouldBeEmpty();
        await using var next = await recovered.ConnectAsync();
        next.LastManifest.Digest().ShouldBe(ManifestBuilder.Build(new DirectoryInfo(Path.Combine(_root.Path, "current")).ResolveLinkTarget(true)!.FullName).Digest());
        await ShipAsync(next, _output.Path);
        recovered.LiveFiles().ShouldBe(new Dictionary<string, string> { ["App.dll"] = "v2", ["lib/Dep.dll"] = "dep", ["new.json"] = "{}" }, ignoreOrder: true);
    }

    [Fact]
    public async Task A_full_disk_refuses_the_update_and_leaves_the_app_as_it_was()
    {
        // A 1 MiB tmpfs as the app root (the tests run as root, as CI does).
        Run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", _root.Path);
        try
        {
            _output.Write("App.dll", "v1");
            await using var synclet = await SyncletHost.StartAsync(_root.Path);
            await using var client = await synclet.ConnectAsync();
            await ShipAsync(client, _output.Path);

            _output.Write("App.dll", "v2");
            _output.Write("big.bin", new string('x', 2 * 1024 * 1024));
            var refused = await client.RestartWithAsync(_output.Path);

            refused.Error.ShouldNotBeNull().Code.ShouldBe("DLIVE5008");
            synclet.LiveFiles().ShouldBe(new Dictionary<string, string> { ["App.dll"] = "v1" });
            synclet.Leftovers().ShouldBeEmpty();

            File.Delete(_output.Combine("big.bin"));
            await ShipAsync(client, _output.Path);
            synclet.LiveFiles().ShouldBe(new Dictionary<string, string> { ["App.dll"] = "v2" });
        }
        finally
        {
            Run("umount", "-l", _root.Path);
        }
    }

    private static void Run(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true })!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"{command} {string.Join(' ', arguments)}: {errors}");
    }

    public void Dispose()
    {
        _root.Dispose();
        _output.Dispose();
    }
}
