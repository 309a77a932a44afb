using System.Text;

namespace DotnetLive.Protocol.Paths;

/// <summary>
/// Validation of the paths a change set names. A valid path is relative, '/'-separated, has no empty,
/// '.' or '..' segments, no NUL or backslash, and bounded lengths, so it cannot name anything outside
/// the directory it is joined to (symlinks are checked where the path is used).
/// </summary>
internal static class RelativePath
{
    public const int MaxLength = 1024;
    public const int MaxSegmentBytes = 255;

    /// <summary>Returns why <paramref name="path"/> is refused, or null when it is valid.</summary>
    public static string? Problem(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "the path is empty";
        }

        if (path.Length > MaxLength)
        {
            return $"the path is longer than {MaxLength} characters";
        }

        if (path.Contains('\0') || path.Contains('\\'))
        {
            return "the path contains a NUL or a backslash";
        }

        if (path.StartsWith('/') || (path.Length >= 2 && path[1] == ':'))
        {
            return "the path is absolute";
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                return "the path has an empty, '.' or '..' segment";
            }

            if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
            {
                return $"a path segment is longer than {MaxSegmentBytes} bytes";
            }

            if (segment.Any(char.IsControl))
            {
                return "the path contains a control character";
            }
        }

        return null;
    }
}
