using System.Globalization;
using System.Text.RegularExpressions;

namespace DotnetLive.Tool.UI;

/// <summary>A compiler or MSBuild error, with the source position it points at.</summary>
internal sealed partial record BuildDiagnostic(string? File, int Line, int Column, string? Code, string Message)
{
    /// <summary>The canonical MSBuild form editors and terminals make clickable: <c>file(line,col): error CODE: message</c>.</summary>
    public string Format(string relativeTo)
    {
        var file = File is null ? "" : Path.IsPathRooted(File) && File.StartsWith(relativeTo, StringComparison.Ordinal) ? Path.GetRelativePath(relativeTo, File) : File;
        var position = File is null ? "" : Line > 0 ? $"{file}({Line},{Column}): " : $"{file}: ";
        return $"{position}error {Code}: {Message}";
    }

    /// <summary>A compiler error line as MSBuild and dotnet watch print it: "file(line,col): error CODE: message [project]".</summary>
    public static BuildDiagnostic? Parse(string text)
    {
        var match = ErrorLine().Match(text);
        if (!match.Success)
        {
            return null;
        }

        return new BuildDiagnostic(
            match.Groups["file"].Value,
            int.Parse(match.Groups["line"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["column"].Value, CultureInfo.InvariantCulture),
            match.Groups["code"].Value,
            match.Groups["message"].Value);
    }

    [GeneratedRegex(@"^(?<file>[^()]+)\((?<line>\d+),(?<column>\d+)\): error (?<code>[A-Z]+\d+): (?<message>.*?)(?: \[[^\]]+\])?$")]
    private static partial Regex ErrorLine();
}
