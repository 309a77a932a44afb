using DotnetLive.Protocol.Manifests;
using DotnetLive.Testing;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Protocol.Manifests;

public sealed class ManifestBuilderTests
{
    // SHA-256 of the five bytes "hello".
    private const string HelloHash = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    [Fact]
    public void Hashes_every_file_with_a_slash_separated_relative_path()
    {
        using var dir = new TempDirectory();
        dir.Write("App.dll", "hello");
        dir.Write("runtimes/linux-x64/native/lib.so", "hello!");

        var manifest = ManifestBuilder.Build(dir.Path);

        manifest.Count.ShouldBe(2);
        manifest.TryGet("App.dll", out var app).ShouldBeTrue();
        app.ShouldBe(new ManifestEntry("App.dll", HelloHash, 5));
        manifest.TryGet("runtimes/linux-x64/native/lib.so", out var native).ShouldBeTrue();
        native.Size.ShouldBe(6);
    }

    [Fact]
    public void A_missing_directory_is_an_empty_manifest()
    {
        ManifestBuilder.Build("/nonexistent/dotnet-live").Count.ShouldBe(0);
    }

    [Fact]
    public void Symlinks_are_not_followed()
    {
        using var dir = new TempDirectory();
        dir.Write("real.txt", "hello");
        File.CreateSymbolicLink(dir.Combine("link.txt"), "/etc/passwd");
        Directory.CreateSymbolicLink(dir.Combine("etc"), "/etc");

        ManifestBuilder.Build(dir.Path).Entries.Select(e => e.Path).ShouldBe(["real.txt"]);
    }

    [Fact]
    public void The_cache_skips_rehashing_files_whose_stamp_did_not_change_and_rehashes_the_rest()
    {
        using var dir = new TempDirectory();
        using var obj = new TempDirectory();
        dir.Write("same.dll", "hello");
        dir.Write("edited.dll", "hello");
        var cache = ManifestCache.Empty();
        ManifestBuilder.Build(dir.Path, cache);
        var cachePath = obj.Combine("hashes.json");
        cache.Save(cachePath);

        // Poison the cached hash of an unchanged file: if the builder re-read it, the poison would vanish.
        var info = new FileInfo(dir.Combine("same.dll"));
        var reloaded = ManifestCache.Load(cachePath);
        reloaded.Set("same.dll", new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks), new string('0', 64));
        dir.Write("edited.dll", "hello, world");

        var manifest = ManifestBuilder.Build(dir.Path, reloaded);

        manifest.TryGet("same.dll", out var same).ShouldBeTrue();
        same.Hash.ShouldBe(new string('0', 64));
        manifest.TryGet("edited.dll", out var edited).ShouldBeTrue();
        edited.Hash.ShouldBe(ManifestBuilder.HashFile(dir.Combine("edited.dll")));
        edited.Hash.ShouldNotBe(HelloHash);
    }

    [Fact]
    public void A_corrupt_cache_costs_only_a_rehash()
    {
        using var dir = new TempDirectory();
        var cachePath = dir.Write("cache.json", "{ not json");

        var cache = ManifestCache.Load(cachePath);
        dir.Write("bin/App.dll", "hello");

        ManifestBuilder.Build(dir.Combine("bin"), cache).Entries.Single().Hash.ShouldBe(HelloHash);
    }

    [Fact]
    public void The_digest_depends_on_content_not_on_order()
    {
        var a = new FileManifest([new ManifestEntry("a", HelloHash, 5), new ManifestEntry("b", HelloHash, 5)]);
        var b = new FileManifest([new ManifestEntry("b", HelloHash, 5), new ManifestEntry("a", HelloHash, 5)]);
        var c = new FileManifest([new ManifestEntry("a", HelloHash, 5), new ManifestEntry("b", new string('1', 64), 5)]);

        a.Digest().ShouldBe(b.Digest());
        a.Digest().ShouldNotBe(c.Digest());
    }

    [Fact]
    public void Manifest_files_round_trip()
    {
        using var dir = new TempDirectory();
        var manifest = new FileManifest([new ManifestEntry("App.dll", HelloHash, 5), new ManifestEntry("x/y.json", HelloHash, 5)]);

        ManifestFile.Write(dir.Combine("obj", "manifest.json"), manifest);

        ManifestFile.Read(dir.Combine("obj", "manifest.json")).Digest().ShouldBe(manifest.Digest());
    }
}
