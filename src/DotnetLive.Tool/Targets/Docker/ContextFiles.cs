using System.Text;
using System.Text.RegularExpressions;

namespace DotnetLive.Tool.Targets.Docker;

/// <summary>
/// The files of a build context that some instructions copy, as the Docker CLI would send them: the
/// context folder less what its <c>.dockerignore</c> excludes (last matching pattern wins, <c>!</c>
/// re-includes, <c>**</c> spans folders), narrowed to the paths COPY and ADD name (a folder stands for
/// everything under it; <c>*</c>, <c>?</c> and <c>[…]</c> match within one segment).
/// </summary>
internal static class ContextFiles
{
    public const string IgnoreFile = ".dockerignore";

    /// <summary>Context-relative paths ('/'-separated), sorted; a source with a variable in it stands for the whole context.</summary>
    public static IReadOnlyList<string> Select(string context, IEnumerable<string> sources)
    {
        var ignore = ReadIgnore(Path.Combine(context, IgnoreFile));

        // Each source as one pattern per path segment; the context's root ('.') or a variable: everything.
        var patterns = new List<Regex[]>();
        foreach (var source in sources)
        {
            var clean = Clean(source);
            if (clean.Length == 0 || clean.Contains('$', StringComparison.Ordinal))
            {
                patterns = [[]];
                break;
            }

            patterns.Add(clean.Split('/').Select(segment => Glob(segment, spanFolders: false)).ToArray());
        }

        var selected = new List<string>();
        var reincludes = ignore.Any(rule => rule.Include);
        var pending = new Stack<string>(patterns.Count > 0 ? [""] : []);
        while (pending.TryPop(out var folder))
        {
            var full = folder.Length == 0 ? context : Path.Combine(context, folder);
            foreach (var entry in new DirectoryInfo(full).EnumerateFileSystemInfos())
            {
                var path = folder.Length == 0 ? entry.Name : folder + "/" + entry.Name;
                var segments = path.Split('/');
                var ignored = Ignored(ignore, path);
                if (entry is DirectoryInfo && entry.LinkTarget is null)
                {
                    // Only into folders a source can name something in: not the whole tree.
                    if ((!ignored || reincludes) && patterns.Any(p => Leads(p, segments)))
                    {
                        pending.Push(path);
                    }
                }
                else if (!ignored && patterns.Any(p => Names(p, segments)))
                {
                    selected.Add(path);
                }
            }
        }

        selected.Sort(StringComparer.Ordinal);
        return selected;
    }

    /// <summary>A source names a path when it names it or a folder above it (a folder is copied whole).</summary>
    private static bool Names(Regex[] pattern, string[] path) =>
        path.Length >= pattern.Length && pattern.Select((segment, i) => segment.IsMatch(path[i])).All(m => m);

    /// <summary>A source may name something in a folder on its way, or under one it names.</summary>
    private static bool Leads(Regex[] pattern, string[] folder) =>
        pattern.Take(folder.Length).Select((segment, i) => segment.IsMatch(folder[i])).All(m => m);

    /// <summary>An ignore pattern matches a path or any folder above it.</summary>
    private static bool Matches(Regex pattern, string path)
    {
        if (pattern.IsMatch(path))
        {
            return true;
        }

        for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
        {
            if (pattern.IsMatch(path[..slash]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Ignored(IReadOnlyList<IgnoreRule> rules, string path)
    {
        var ignored = false;
        foreach (var rule in rules)
        {
            if (rule.Include == ignored && Matches(rule.Pattern, path))
            {
                ignored = !rule.Include;
            }
        }

        return ignored;
    }

    private static List<IgnoreRule> ReadIgnore(string path)
    {
        var rules = new List<IgnoreRule>();
        if (!File.Exists(path))
        {
            return rules;
        }

        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var include = line.StartsWith('!');
            var clean = Clean(include ? line[1..] : line);
            if (clean.Length > 0)
            {
                rules.Add(new IgnoreRule(Glob(clean, spanFolders: true), include));
            }
        }

        return rules;
    }

    /// <summary>Like Go's filepath.Clean on a context path: no leading '/' or './', no trailing '/', no empty or '.' segments.</summary>
    private static string Clean(string path)
    {
        var segments = new List<string>();
        foreach (var segment in path.Replace('\\', '/').Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == ".." && segments.Count > 0)
            {
                segments.RemoveAt(segments.Count - 1);
            }
            else if (segment != "..")
            {
                segments.Add(segment);
            }
        }

        return string.Join('/', segments);
    }

    private static Regex Glob(string pattern, bool spanFolders)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && spanFolders && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" matches no folder or any number of them; a final "**" everything below.
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slash ? "(.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else if (c == '[' && pattern.IndexOf(']', i + 1) is var close and > 0)
            {
                var set = pattern[(i + 1)..close];
                regex.Append('[').Append(set.StartsWith('^') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                i = close;
            }
            else if (c == '\\' && i + 1 < pattern.Length)
            {
                regex.Append(Regex.Escape(pattern[++i].ToString()));
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    private sealed record IgnoreRule(Regex Pattern, bool Include);
}
