namespace DotnetLive.Tasks.Live;

/// <summary>How much a <see cref="LiveMessage"/> matters; mapped onto MSBuild's importances by each task build.</summary>
internal enum LiveImportance
{
    High,
    Normal,
    Low,
}

/// <summary>
/// What a live step has to say: a message, or an error with its DLIVE code. The in-process tasks log
/// it; the command (<c>dotnet exec DotnetLive.Tasks.dll</c>, which .NET Framework MSBuild runs) writes
/// it as one line that the tool task there reads back. Compiled into both task builds.
/// </summary>
internal sealed class LiveMessage(LiveImportance importance, string text, string? errorCode = null)
{
    private const char Separator = '\t';
    private const string ErrorKind = "error";

    public LiveImportance Importance { get; } = importance;

    public string Text { get; } = text;

    public string? ErrorCode { get; } = errorCode;

    public static LiveMessage Error(string code, string text) => new(LiveImportance.High, text, code);

    /// <summary>One line: <c>high|normal|low TAB text</c>, or <c>error TAB code TAB text</c>.</summary>
    public string ToLine()
    {
        var text = Text.Replace("\r", " ").Replace("\n", " ");
        return ErrorCode is null
            ? Importance.ToString().ToLowerInvariant() + Separator + text
            : ErrorKind + Separator + ErrorCode + Separator + text;
    }

    /// <summary>The message a line of <see cref="ToLine"/> carries, or null for any other line.</summary>
    public static LiveMessage? FromLine(string line)
    {
        var parts = line.Split([Separator], 3);
        if (parts.Length < 2)
        {
            return null;
        }

        var rest = line.Substring(parts[0].Length + 1);
        return parts[0] switch
        {
            ErrorKind when parts.Length == 3 => Error(parts[1], parts[2]),
            "high" => new LiveMessage(LiveImportance.High, rest),
            "normal" => new LiveMessage(LiveImportance.Normal, rest),
            "low" => new LiveMessage(LiveImportance.Low, rest),
            _ => null,
        };
    }
}
