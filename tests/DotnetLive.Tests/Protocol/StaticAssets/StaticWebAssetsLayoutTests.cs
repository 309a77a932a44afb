using System.Text;
using System.Text.Json.Nodes;
using DotnetLive.Protocol.Changes;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Protocol.StaticAssets;
using DotnetLive.Testing;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Protocol.StaticAssets;

/// <summary>Static web assets placed for an app on another file system, from a manifest shaped like the SDK's.</summary>
public sealed class StaticWebAssetsLayoutTests : IDisposable
{
    private const string Live = "/dotnet-live/app/current";
    private readonly TempDirectory _machine = new();

    public void Dispose() => _machine.Dispose();

    /// <summary>An output folder with App.dll and a runtime manifest over the project's wwwroot (a pattern), compressed files (single assets) and a library's folder.</summary>
    private AppFiles Output(string? libraryRoot = null)
    {
        var wwwroot = _machine.Combine("App", "wwwroot") + "/";
        var compressed = _machine.Combine("App", "obj", "compressed") + "/";
        _machine.Write("App/wwwroot/css/site.css", "body{}");
        _machine.Write("App/wwwroot/lib/x.js", "x()");
        _machine.Write("App/obj/compressed/ab12-{0}-cd34.gz", "gzip bytes");
        _machine.Write("bin/App.dll", "dll");
        var roots = new JsonArray(wwwroot, compressed, libraryRoot ?? _machine.Combine("Empty") + "/");
        var manifest = new JsonObject
        {
            ["ContentRoots"] = roots,
            ["Root"] = new JsonObject
            {
                ["Children"] = new JsonObject
                {
                    ["css"] = new JsonObject
                    {
                        ["Children"] = new JsonObject
                        {
                            ["site.css"] = Asset(0, "css/site.css"),
                            ["site.css.gz"] = Asset(1, "ab12-{0}-cd34.gz"),
                            ["gone.css"] = Asset(0, "css/gone.css"),
                        },
                    },
                    ["_content"] = new JsonObject
                    {
                        ["Children"] = new JsonObject
                        {
                            ["Lib"] = new JsonObject { ["Children"] = null, ["Asset"] = null, ["Patterns"] = new JsonArray(Pattern(2, "**", 2)) },
                        },
                    },
                },
                ["Asset"] = null,
                ["Patterns"] = new JsonArray(Pattern(0, "**", 0)),
            },
        };
        _machine.Write("bin/App.staticwebassets.runtime.json", manifest.ToJsonString());
        return new AppFiles(_machine.Combine("bin"));
    }

    private static JsonObject Asset(int root, string subPath) =>
        new() { ["Children"] = null, ["Asset"] = new JsonObject { ["ContentRootIndex"] = root, ["SubPath"] = subPath }, ["Patterns"] = null };

    private static JsonObject Pattern(int root, string pattern, int depth) =>
        new() { ["ContentRootIndex"] = root, ["Pattern"] = pattern, ["Depth"] = depth };

    private static JsonObject Rewritten(AppFiles placed)
    {
        using var stream = placed.Open("App.staticwebassets.runtime.json");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return JsonNode.Parse(reader.ReadToEnd())!.AsObject();
    }

    [Fact]
    public void Every_asset_is_shipped_at_the_path_it_is_served_at_and_the_manifest_names_only_folders_under_the_live_link()
    {
        var placed = StaticWebAssetsLayout.Place(Output(), Live);

        placed.Manifest.Entries.Select(e => e.Path).ShouldBe(
            ["App.dll", "App.staticwebassets.runtime.json", ".dotnet-live/wwwroot/css/site.css", ".dotnet-live/wwwroot/css/site.css.gz", ".dotnet-live/wwwroot/lib/x.js"],
            ignoreOrder: true);
        placed.SourceOf(".dotnet-live/wwwroot/css/site.css.gz").ShouldBe(_machine.Combine("App", "obj", "compressed", "ab12-{0}-cd34.gz"));

        // The empty library folder is left out: ASP.NET Core opens every content root at start-up.
        var manifest = Rewritten(placed);
        manifest["ContentRoots"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe([Live + "/.dotnet-live/wwwroot/"]);
        var css = manifest["Root"]!["Children"]!["css"]!["Children"]!;
        css["site.css.gz"]!["Asset"]!.ToJsonString().ShouldBe("""{"ContentRootIndex":0,"SubPath":"css/site.css.gz"}""");
        css["gone.css"]!["Asset"].ShouldBeNull();
        manifest["Root"]!["Patterns"]!.ToJsonString().ShouldBe("""[{"ContentRootIndex":0,"Pattern":"**","Depth":0}]""");
        manifest["Root"]!["Children"]!["_content"]!["Children"]!["Lib"]!["Patterns"].ShouldBeNull();

        var entry = placed.Manifest.Entries.Single(e => e.Path == "App.staticwebassets.runtime.json");
        using var bytes = placed.Open(entry.Path);
        bytes.Length.ShouldBe(entry.Size);
    }

    [Fact]
    public void A_library_folder_under_a_pattern_gets_a_content_root_at_its_served_path()
    {
        _machine.Write("Lib/wwwroot/lib.js", "lib()");
        var placed = StaticWebAssetsLayout.Place(Output(_machine.Combine("Lib", "wwwroot") + "/"), Live);

        placed.SourceOf(".dotnet-live/wwwroot/_content/Lib/lib.js").ShouldBe(_machine.Combine("Lib", "wwwroot", "lib.js"));
        var manifest = Rewritten(placed);
        manifest["ContentRoots"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe([Live + "/.dotnet-live/wwwroot/", Live + "/.dotnet-live/wwwroot/_content/Lib/"]);
        manifest["Root"]!["Children"]!["_content"]!["Children"]!["Lib"]!["Patterns"]!.ToJsonString().ShouldBe("""[{"ContentRootIndex":1,"Pattern":"**","Depth":2}]""");
    }

    [Fact]
    public void An_edited_asset_changes_only_its_own_entry()
    {
        var before = StaticWebAssetsLayout.Place(Output(), Live).Manifest;
        File.AppendAllText(_machine.Combine("App", "wwwroot", "css", "site.css"), "p{}");
        var after = StaticWebAssetsLayout.Place(new AppFiles(_machine.Combine("bin")), Live).Manifest;

        var changes = ChangeSetPlanner.Plan(before, after);
        changes.Writes.Select(w => w.Entry.Path).ShouldBe([".dotnet-live/wwwroot/css/site.css"]);
        changes.Deletes.ShouldBeEmpty();
        ReadLive.Covers(changes).ShouldBeTrue();
    }

    [Fact]
    public void Without_a_runtime_manifest_the_files_are_what_they_are()
    {
        _machine.Write("bin/App.dll", "dll");
        var files = new AppFiles(_machine.Combine("bin"));

        StaticWebAssetsLayout.Place(files, Live).ShouldBeSameAs(files);
    }

    [Theory]
    [InlineData("**", "a/b/c.css", true)]
    [InlineData("**/*.css", "c.css", true)]
    [InlineData("**/*.css", "a/b/c.css", true)]
    [InlineData("**/*.css", "a/b/c.js", false)]
    [InlineData("css/*", "css/a.css", true)]
    [InlineData("css/*", "css/a/b.css", false)]
    public void Patterns_match_as_globs(string pattern, string path, bool matches) =>
        StaticWebAssetsLayout.Matches(pattern.Split('/'), path.Split('/')).ShouldBe(matches);

    [Theory]
    [InlineData("appsettings.json", true)]
    [InlineData("appsettings.Development.json", true)]
    [InlineData(".dotnet-live/wwwroot/css/site.css", true)]
    [InlineData("App.dll", false)]
    [InlineData("App.staticwebassets.endpoints.json", false)]
    [InlineData("config/appsettings.json", false)]
    public void Only_configuration_and_static_assets_are_read_live(string path, bool live) =>
        ReadLive.IsReadLive(path).ShouldBe(live);
}
