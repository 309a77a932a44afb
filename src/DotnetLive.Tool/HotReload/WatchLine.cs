using System.Text.RegularExpressions;

namespace DotnetLive.Tool.HotReload;

/// <summary>What a line of `dotnet watch` output means to the session.</summary>
internal enum WatchLineKind
{
    /// <summary>Anything else: shown with --verbose.</summary>
    Detail,

    /// <summary>An edit was applied to the running app, in place.</summary>
    HotReloaded,

    /// <summary>dotnet watch handled a static file (told an open browser); its bytes are the tool's to ship.</summary>
    StaticAssets,

    /// <summary>An edit Hot Reload cannot apply (a rude edit): the app is rebuilt and restarted. The text says why.</summary>
    RudeEdit,

    /// <summary>A compiler or build error.</summary>
    Error,

    /// <summary>The relay started the app with the rebuilt output, or joined the running app (a line of ours, passed through).</summary>
    Started,

    /// <summary>Something else the relay says.</summary>
    Relay,

    /// <summary>dotnet watch's session has started: from now on it sees the saves (an edit made before may be in neither its baseline nor its changes).</summary>
    Watching,

    /// <summary>dotnet watch cannot watch files: the user's limit of inotify instances is reached (it takes one per folder).</summary>
    WatchLimit,
}

/// <summary>Sorts the lines `dotnet watch` prints into what the HUD shows.</summary>
internal static partial class WatchLine
{
    /// <summary>The time in a line such as "C# and Razor changes applied in 55ms."; 0 when it names none.</summary>
    public static long Milliseconds(string text) =>
        Duration().Match(text) is { Success: true } match ? long.Parse(match.Groups["ms"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    public static (WatchLineKind Kind, string Text) Classify(string line)
    {
        if (line.StartsWith(HotReloadRelay.LinePrefix, StringComparison.Ordinal))
        {
            var text = line[HotReloadRelay.LinePrefix.Length..];
            return (text.StartsWith("started", StringComparison.Ordinal) || text.StartsWith("Hot Reload joined", StringComparison.Ordinal) ? WatchLineKind.Started : WatchLineKind.Relay, text);
        }

        // The relay's own failures, as its reporter prints them ("12:00:00.000 error …"), coded or not.
        if (RelayError().Match(line) is { Success: true } relayError)
        {
            return (WatchLineKind.Error, relayError.Groups["text"].Value);
        }

        var message = Strip(line);
        if (message.Contains("on the number of inotify instances has been reached", StringComparison.Ordinal))
        {
            return (WatchLineKind.WatchLimit, message);
        }

        if (message.StartsWith("Waiting for changes", StringComparison.Ordinal))
        {
            return (WatchLineKind.Watching, message);
        }

        // A rude edit is an ENC error (ENC warnings apply), or dotnet watch saying it must restart; "unable
        // to apply hot reload due to compilation errors" is a compile error, whose lines follow it.
        // The app ran code an applied edit had replaced (a changed signature): dotnet watch restarts it too.
        if (RudeEditError().IsMatch(message) || message.Contains("restart is needed", StringComparison.OrdinalIgnoreCase)
            || message.StartsWith("Attempted to invoke a deleted method implementation", StringComparison.Ordinal))
        {
            return (WatchLineKind.RudeEdit, message);
        }

        if (CompilerError().IsMatch(message))
        {
            return (WatchLineKind.Error, message);
        }

        if (message.Contains("Unable to apply hot reload", StringComparison.OrdinalIgnoreCase))
        {
            return (WatchLineKind.Detail, message);
        }

        if (message.Contains("Static asset changes applied", StringComparison.OrdinalIgnoreCase))
        {
            return (WatchLineKind.StaticAssets, message);
        }

        if (message.Contains("Hot reload succeeded", StringComparison.OrdinalIgnoreCase)
            || message.Contains("changes applied", StringComparison.OrdinalIgnoreCase)
            || message.Contains("change handled", StringComparison.OrdinalIgnoreCase)
            || message.Contains("Hot reload of changes succeeded", StringComparison.OrdinalIgnoreCase))
        {
            return (WatchLineKind.HotReloaded, message);
        }

        return (WatchLineKind.Detail, message);
    }

    /// <summary>"dotnet watch 🔥 [App (net10.0)] text" → "text".</summary>
    private static string Strip(string line)
    {
        var text = line.Trim();
        if (text.StartsWith("dotnet watch", StringComparison.Ordinal))
        {
            text = text["dotnet watch".Length..].TrimStart();
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && !char.IsAsciiLetterOrDigit(text[0]))
            {
                text = text[(space + 1)..];
            }
        }

        return ProjectTag().Replace(text, "", 1).Trim();
    }

    [GeneratedRegex(@"^\d\d:\d\d:\d\d\.\d{3} error (?<text>.+)$")]
    private static partial Regex RelayError();

    [GeneratedRegex(@"(?<ms>\d+)\s?ms\b")]
    private static partial Regex Duration();

    [GeneratedRegex(@"\berror ENC\d{4}\b")]
    private static partial Regex RudeEditError();

    [GeneratedRegex(@"\berror [A-Z]+\d{3,5}\b")]
    private static partial Regex CompilerError();

    [GeneratedRegex(@"^\[[^\]]+\]\s*")]
    private static partial Regex ProjectTag();
}
