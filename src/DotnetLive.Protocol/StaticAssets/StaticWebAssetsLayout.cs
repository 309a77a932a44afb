using System.IO.Enumeration;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DotnetLive.Protocol.Manifests;

namespace DotnetLive.Protocol.StaticAssets;

/// <summary>
/// Static web assets for an app whose files are the synclet's. In Development, ASP.NET Core serves
/// wwwroot, Razor class libraries' and packages' assets (<c>_content/…</c>, <c>_framework/…</c>) through
/// the build's <c>&lt;App&gt;.staticwebassets.runtime.json</c>, whose content roots are folders of the
/// developer's machine: in a container they do not exist and the app fails at start-up. So every file
/// that manifest can serve is shipped with the app under <see cref="Folder"/>, at the path it is served
/// at, and the manifest is replaced by one whose content roots are there, reached through the live
/// release's link (<c>current</c>): an asset shipped later without a restart is what the running app
/// serves next. The other content roots are dropped when they hold nothing, since ASP.NET Core opens
/// every one at start-up.
/// </summary>
internal static class StaticWebAssetsLayout
{
    /// <summary>Where the assets go in the app directory.</summary>
    public const string Folder = ".dotnet-live/wwwroot";

    /// <summary>The end of the name of the manifest the SDK writes next to the app's assembly.</summary>
    public const string ManifestSuffix = ".staticwebassets.runtime.json";

    private static readonly Lock HashesGate = new();
    private static readonly ManifestCache Hashes = ManifestCache.Empty();

    /// <summary>
    /// <paramref name="files"/> with their static web assets placed for an app whose live release is
    /// <paramref name="livePath"/>; the same files when the app has none.
    /// </summary>
    public static AppFiles Place(AppFiles files, string livePath)
    {
        var manifests = files.Manifest.Entries.Where(IsRuntimeManifest).ToList();
        if (manifests.Count == 0)
        {
            return files;
        }

        var entries = files.Manifest.Entries.Where(e => !IsAsset(e.Path)).ToDictionary(e => e.Path, StringComparer.Ordinal);
        var assets = new Dictionary<string, string>(StringComparer.Ordinal);
        var made = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var manifest in manifests)
        {
            var bytes = Rewrite(File.ReadAllBytes(files.SourceOf(manifest.Path)), livePath.TrimEnd('/') + "/" + Folder + "/", assets);
            made[manifest.Path] = bytes;
            entries[manifest.Path] = new ManifestEntry(manifest.Path, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length);
        }

        foreach (var (path, source) in assets)
        {
            if (Entry(path, source) is { } entry)
            {
                entries[path] = entry;
            }
        }

        return files.With(new FileManifest(entries.Values), assets.Where(a => entries.ContainsKey(a.Key)).ToDictionary(StringComparer.Ordinal), made);
    }

    /// <summary>
    /// The files of this machine the app's runtime manifest in <paramref name="outputDirectory"/> serves
    /// (none without one): an edit of one of them needs no build.
    /// </summary>
    public static IReadOnlySet<string> Sources(string outputDirectory)
    {
        try
        {
            var assets = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var manifest in Directory.EnumerateFiles(outputDirectory, "*" + ManifestSuffix))
            {
                Rewrite(File.ReadAllBytes(manifest), "/", assets);
            }

            return assets.Values.Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return new HashSet<string>();
        }
    }

    /// <summary>True for a path of the app directory where a static web asset goes.</summary>
    public static bool IsAsset(string path) => path.StartsWith(Folder + "/", StringComparison.Ordinal);

    private static bool IsRuntimeManifest(ManifestEntry entry) =>
        !entry.Path.Contains('/', StringComparison.Ordinal) && entry.Path.EndsWith(ManifestSuffix, StringComparison.Ordinal);

    /// <summary>
    /// The manifest with one content root per place the assets went: <paramref name="root"/> for single
    /// assets (each at its served path) and, for each pattern, its node's path under it. Adds each file
    /// to ship to <paramref name="assets"/> (path in the app → full path here).
    /// </summary>
    private static byte[] Rewrite(byte[] manifest, string root, Dictionary<string, string> assets)
    {
        var document = JsonNode.Parse(manifest)?.AsObject() ?? throw new System.Text.Json.JsonException("The static web assets manifest is empty.");
        var localRoots = (document["ContentRoots"]?.AsArray() ?? []).Select(r => r?.GetValue<string>() ?? "").ToList();
        var roots = new List<string>();
        int RootIndex(string path)
        {
            var index = roots.IndexOf(path);
            if (index < 0)
            {
                roots.Add(path);
                index = roots.Count - 1;
            }

            return index;
        }

        void Visit(JsonObject node, string served)
        {
            if (node["Asset"] is JsonObject asset)
            {
                var source = LocalFile(localRoots, asset);
                if (source is not null && File.Exists(source))
                {
                    assets.TryAdd(Folder + "/" + served, source);
                    node["Asset"] = new JsonObject { ["ContentRootIndex"] = RootIndex(root), ["SubPath"] = served };
                }
                else
                {
                    node["Asset"] = null;
                }
            }

            if (node["Patterns"] is JsonArray patterns)
            {
                var kept = new JsonArray();
                foreach (var pattern in patterns.OfType<JsonObject>())
                {
                    var glob = pattern["Pattern"]?.GetValue<string>() ?? "**";
                    var index = pattern["ContentRootIndex"]?.GetValue<int>() ?? -1;
                    var prefix = served.Length == 0 ? "" : served + "/";
                    var matched = index >= 0 && index < localRoots.Count && Directory.Exists(localRoots[index])
                        ? Matching(localRoots[index], glob).ToList()
                        : [];
                    if (matched.Count == 0)
                    {
                        continue;
                    }

                    foreach (var (relative, full) in matched)
                    {
                        assets.TryAdd(Folder + "/" + prefix + relative, full);
                    }

                    kept.Add(new JsonObject { ["ContentRootIndex"] = RootIndex(root + prefix), ["Pattern"] = glob, ["Depth"] = pattern["Depth"]?.GetValue<int>() ?? 0 });
                }

                node["Patterns"] = kept.Count > 0 ? kept : null;
            }

            if (node["Children"] is JsonObject children)
            {
                foreach (var (name, child) in children.ToList())
                {
                    if (child is JsonObject childNode)
                    {
                        Visit(childNode, served.Length == 0 ? name : served + "/" + name);
                    }
                }
            }
        }

        if (document["Root"] is JsonObject top)
        {
            Visit(top, "");
        }

        document["ContentRoots"] = new JsonArray([.. roots.Select(r => (JsonNode)r)]);
        return Encoding.UTF8.GetBytes(document.ToJsonString());
    }

    private static string? LocalFile(List<string> localRoots, JsonObject asset)
    {
        var index = asset["ContentRootIndex"]?.GetValue<int>() ?? -1;
        var subPath = asset["SubPath"]?.GetValue<string>();
        return index >= 0 && index < localRoots.Count && subPath is not null
            ? Path.Combine(localRoots[index], subPath.Replace('/', Path.DirectorySeparatorChar))
            : null;
    }

    /// <summary>The files under <paramref name="directory"/> whose '/'-separated relative path matches <paramref name="glob"/> (<c>**</c> spans folders, <c>*</c> and <c>?</c> match within one).</summary>
    private static IEnumerable<(string Relative, string Full)> Matching(string directory, string glob)
    {
        var pattern = glob.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var full in Directory.EnumerateFiles(directory, "*", options))
        {
            var relative = Path.GetRelativePath(directory, full).Replace(Path.DirectorySeparatorChar, '/');
            if (Matches(pattern, relative.Split('/')))
            {
                yield return (relative, full);
            }
        }
    }

    internal static bool Matches(ReadOnlySpan<string> pattern, ReadOnlySpan<string> path)
    {
        if (pattern.IsEmpty)
        {
            return path.IsEmpty;
        }

        if (pattern[0] == "**")
        {
            for (var skip = 0; skip <= path.Length; skip++)
            {
                if (Matches(pattern[1..], path[skip..]))
                {
                    return true;
                }
            }

            return false;
        }

        return !path.IsEmpty && FileSystemName.MatchesSimpleExpression(pattern[0], path[0], ignoreCase: false) && Matches(pattern[1..], path[1..]);
    }

    /// <summary>The entry of an asset shipped at <paramref name="path"/>, hashed unless its stamp is unchanged; null when it is gone.</summary>
    private static ManifestEntry? Entry(string path, string source)
    {
        var file = new FileInfo(source);
        if (!file.Exists)
        {
            return null;
        }

        var stamp = new FileStamp(file.Length, file.LastWriteTimeUtc.Ticks);
        string? hash;
        lock (HashesGate)
        {
            hash = Hashes.TryGet(source, stamp);
        }

        if (hash is null)
        {
            hash = ManifestBuilder.HashFile(source);
            lock (HashesGate)
            {
                Hashes.Set(source, stamp, hash);
            }
        }

        return new ManifestEntry(path, hash, file.Length);
    }
}
