namespace DotnetLive.Tool.HotReload;

/// <summary>A change of a text: the characters [<see cref="Start"/>, <see cref="End"/>) of the old text were replaced (Start == End: an insertion).</summary>
internal readonly record struct TextChange(int Start, int End);

/// <summary>A place in a text as a compiler's sequence points give it: 1-based line and column.</summary>
internal readonly record struct TextPosition(int Line, int Column)
{
    public static TextPosition At(string text, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new TextPosition(line, offset - lineStart + 1);
    }

    public bool IsBefore(int line, int column) => Line < line || (Line == line && Column < column);

    public bool IsAfter(int line, int column) => Line > line || (Line == line && Column > column);
}

/// <summary>
/// The places two versions of a source file differ: lines matched by a longest common subsequence, then
/// each differing run of lines narrowed to the characters that changed. Enough to tell which
/// statements an edit touched; not a patch format.
/// </summary>
internal static class TextDiff
{
    /// <summary>Above this many line pairs the middle of the files counts as one change (a whole-file rewrite).</summary>
    private const long MaxPairs = 4_000_000;

    public static IReadOnlyList<TextChange> Changes(string before, string after)
    {
        var a = Lines(before);
        var b = Lines(after);
        var offsets = Offsets(a);
        var changes = new List<TextChange>();
        foreach (var (oldStart, oldEnd, newStart, newEnd) in Hunks(a, b))
        {
            var removed = string.Concat(a[oldStart..oldEnd]);
            var added = string.Concat(b[newStart..newEnd]);
            var prefix = 0;
            while (prefix < removed.Length && prefix < added.Length && removed[prefix] == added[prefix])
            {
                prefix++;
            }

            var suffix = 0;
            while (suffix < removed.Length - prefix && suffix < added.Length - prefix && removed[^(suffix + 1)] == added[^(suffix + 1)])
            {
                suffix++;
            }

            changes.Add(new TextChange(offsets[oldStart] + prefix, offsets[oldStart] + removed.Length - suffix));
        }

        return changes;
    }

    /// <summary>Runs of lines that differ: old [start, end) replaced by new [start, end).</summary>
    private static List<(int OldStart, int OldEnd, int NewStart, int NewEnd)> Hunks(string[] a, string[] b)
    {
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head])
        {
            head++;
        }

        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[^(tail + 1)] == b[^(tail + 1)])
        {
            tail++;
        }

        var (n, m) = (a.Length - head - tail, b.Length - head - tail);
        if (n == 0 && m == 0)
        {
            return [];
        }

        if ((long)n * m > MaxPairs || n == 0 || m == 0)
        {
            return [(head, head + n, head, head + m)];
        }

        // Longest common subsequence of the middle lines, then a walk that collects the runs outside it.
        var lengths = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lengths[i, j] = a[head + i] == b[head + j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        var hunks = new List<(int, int, int, int)>();
        var (x, y, runX, runY) = (0, 0, 0, 0);
        while (x < n || y < m)
        {
            if (x < n && y < m && a[head + x] == b[head + y])
            {
                if (runX != x || runY != y)
                {
                    hunks.Add((head + runX, head + x, head + runY, head + y));
                }

                x++;
                y++;
                (runX, runY) = (x, y);
            }
            else if (y < m && (x == n || lengths[x, y + 1] >= lengths[x + 1, y]))
            {
                y++;
            }
            else
            {
                x++;
            }
        }

        if (runX != n || runY != m)
        {
            hunks.Add((head + runX, head + n, head + runY, head + m));
        }

        return hunks;
    }

    /// <summary>The lines with their line ends, so that they concatenate back to the text.</summary>
    private static string[] Lines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return [.. lines];
    }

    /// <summary>Where each line starts in the text, and one past the last: the text's length.</summary>
    private static int[] Offsets(string[] lines)
    {
        var offsets = new int[lines.Length + 1];
        for (var i = 0; i < lines.Length; i++)
        {
            offsets[i + 1] = offsets[i] + lines[i].Length;
        }

        return offsets;
    }
}
