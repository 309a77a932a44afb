using DotnetLive.Protocol.Messages;

namespace DotnetLive.Synclet.Supervision;

/// <summary>
/// Finds the unhandled exception in the last lines an app wrote to stderr, in the runtime's format:
/// <c>Unhandled exception. Type: message</c> followed by <c>   at …</c> frames (inner exceptions
/// included as they are printed).
/// </summary>
internal static class CrashParser
{
    private const string Marker = "Unhandled exception. ";
    private const int MaxFrames = 50;

    public static CrashReport? Parse(IReadOnlyList<string> stderr)
    {
        var start = -1;
        for (var i = stderr.Count - 1; i >= 0; i--)
        {
            if (stderr[i].StartsWith(Marker, StringComparison.Ordinal))
            {
                start = i;
                break;
            }
        }

        if (start < 0)
        {
            return null;
        }

        var headline = stderr[start][Marker.Length..];
        var colon = headline.IndexOf(": ", StringComparison.Ordinal);
        var type = colon > 0 ? headline[..colon] : headline;
        var message = colon > 0 ? headline[(colon + 2)..] : "";
        var frames = stderr.Skip(start + 1)
            .Where(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal))
            .Select(l => l.Trim())
            .Take(MaxFrames)
            .ToList();
        return new CrashReport(type, message, frames);
    }
}
