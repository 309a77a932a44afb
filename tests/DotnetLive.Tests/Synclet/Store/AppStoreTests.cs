using DotnetLive.Protocol.Manifests;
using DotnetLive.Synclet.Store;
using DotnetLive.Testing;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Synclet.Store;

public sealed class AppStoreTests : IDisposable
{
    private readonly TempDirectory _root = new();

    private async Task<AppStore> StoreWithAsync(params (string Path, string Content)[] files)
    {
        var store = AppStore.Open(_root.Path);
        var update = Updates.Apply(store.Digest, files);
        var staged = await store.StageAsync(update, await Updates.UploadsAsync(files.Select(f => f.Content)), CancellationToken.None);
        store.Swap(staged.Release.ShouldNotBeNull()).ShouldNotBeNull();
        return store;
    }

    private static Dictionary<string, string> Snapshot(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f), File.ReadAllText);

    [Fact]
    public async Task A_swap_makes_the_new_files_live_and_keeps_the_unchanged_ones()
    {
        var store = await StoreWithAsync(("App.dll", "v1"), ("lib/Dep.dll", "dep"), ("old.json", "x"));
        var previous = store.CurrentDirectory;
        var update = Updates.Apply(store.Digest, [("App.dll", "v2"), ("new.txt", "n")], "old.json");

        var staged = await store.StageAsync(update, await Updates.UploadsAsync(["v2", "n"]), CancellationToken.None);
        store.Swap(staged.Release.ShouldNotBeNull()).ShouldBe(previous);

        Snapshot(store.CurrentDirectory).ShouldBe(new Dictionary<string, string> { ["App.dll"] = "v2", ["lib/Dep.dll"] = "dep", ["new.txt"] = "n" }, ignoreOrder: true);
        Path.GetFullPath(new FileInfo(_root.Combine("current")).ResolveLinkTarget(true)!.FullName).ShouldBe(store.CurrentDirectory);
        store.Manifest.Digest().ShouldBe(ManifestBuilder.Build(store.CurrentDirectory).Digest());
        Snapshot(previous).ShouldContainKeyAndValue("App.dll", "v1");
    }

    [Fact]
    public async Task A_hash_mismatch_leaves_the_app_directory_exactly_as_it_was()
    {
        var store = await StoreWithAsync(("App.dll", "v1"), ("App.pdb", "p1"));
        var before = Snapshot(store.CurrentDirectory);
        var digest = store.Digest;
        var update = Updates.Apply(store.Digest, [("App.dll", "v2"), ("App.pdb", "p2")]);

        // The second file's bytes are corrupted in transit.
        var staged = await store.StageAsync(update, await Updates.UploadsAsync(["v2", "XX"]), CancellationToken.None);

        staged.Release.ShouldBeNull();
        staged.Error.ShouldNotBeNull().Code.ShouldBe("DLIVE5006");
        Snapshot(store.CurrentDirectory).ShouldBe(before);
        store.Digest.ShouldBe(digest);
        Directory.EnumerateFileSystemEntries(_root.Combine("staging")).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_update_computed_against_another_state_is_refused_as_stale()
    {
        var store = await StoreWithAsync(("App.dll", "v1"));
        var before = Snapshot(store.CurrentDirectory);
        var update = Updates.Apply(new string('0', 64), [("App.dll", "v2")]);
        var uploads = await Updates.UploadsAsync(["v2"]);

        var staged = await store.StageAsync(update, uploads, CancellationToken.None);

        staged.Error.ShouldNotBeNull().Code.ShouldBe("DLIVE5007");
        uploads.Remaining.ShouldBe(0);
        Snapshot(store.CurrentDirectory).ShouldBe(before);
    }

    [Fact]
    public async Task A_staged_release_whose_base_was_replaced_meanwhile_is_not_swapped_in()
    {
        var store = await StoreWithAsync(("App.dll", "v1"));
        var first = await store.StageAsync(Updates.Apply(store.Digest, [("App.dll", "v2")]), await Updates.UploadsAsync(["v2"]), CancellationToken.None);
        var second = await store.StageAsync(Updates.Apply(store.Digest, [("App.dll", "v3")]), await Updates.UploadsAsync(["v3"]), CancellationToken.None);

        store.Swap(first.Release!).ShouldNotBeNull();
        store.Swap(second.Release!).ShouldBeNull();

        Snapshot(store.CurrentDirectory)["App.dll"].ShouldBe("v2");
    }

    [Fact]
    public async Task Opening_again_keeps_the_live_release_and_removes_what_an_interrupted_update_left()
    {
        var store = await StoreWithAsync(("App.dll", "v1"));
        var live = store.CurrentDirectory;
        Directory.CreateDirectory(_root.Combine("staging", "half-written"));
        File.WriteAllText(_root.Combine("staging", "half-written", "App.dll"), "v2-trunc");
        Directory.CreateDirectory(_root.Combine("releases", "renamed-but-not-linked"));

        var reopened = AppStore.Open(_root.Path);

        reopened.CurrentDirectory.ShouldBe(live);
        reopened.Digest.ShouldBe(store.Digest);
        Directory.Exists(_root.Combine("staging")).ShouldBeFalse();
        Directory.EnumerateDirectories(_root.Combine("releases")).ShouldBe([live]);
    }

    [Fact]
    public async Task A_swap_that_fails_after_the_move_leaves_the_live_release_and_no_copy_behind()
    {
        var store = await StoreWithAsync(("App.dll", "v1"));
        var live = store.CurrentDirectory;
        var releases = Directory.EnumerateDirectories(_root.Combine("releases")).Order().ToList();
        var staged = await store.StageAsync(Updates.Apply(store.Digest, [("App.dll", "v2")]), await Updates.UploadsAsync(["v2"]), CancellationToken.None);

        // The new link cannot be made (as on a full disk): something stands where it goes.
        Directory.CreateDirectory(_root.Combine("current.new", "in-the-way"));
        var (previous, refusal) = store.TrySwap(staged.Release!);

        previous.ShouldBeNull();
        refusal.ShouldNotBeNull().Code.ShouldBe("DLIVE5008");
        store.CurrentDirectory.ShouldBe(live);
        Directory.EnumerateDirectories(_root.Combine("releases")).Order().ShouldBe(releases);
        Directory.Exists(staged.Release!.Directory).ShouldBeFalse();
        File.ReadAllText(Path.Combine(_root.Combine("current"), "App.dll")).ShouldBe("v1");
    }

    [Fact]
    public async Task Unchanged_files_are_hard_linked_not_copied()
    {
        var store = await StoreWithAsync(("big.dll", new string('x', 100_000)), ("App.dll", "v1"));
        var previous = store.CurrentDirectory;

        var staged = await store.StageAsync(Updates.Apply(store.Digest, [("App.dll", "v2")]), await Updates.UploadsAsync(["v2"]), CancellationToken.None);
        store.Swap(staged.Release!);

        Inode(Path.Combine(store.CurrentDirectory, "big.dll")).ShouldBe(Inode(Path.Combine(previous, "big.dll")));
        File.ReadAllText(Path.Combine(previous, "App.dll")).ShouldBe("v1");
    }

    private static string Inode(string path)
    {
        var info = new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output;
    }

    public void Dispose() => _root.Dispose();
}
