namespace DotnetLive.Tool.Build;

/// <summary>A compiler or MSBuild error, with the source position it points at.</summary>
internal sealed record BuildDiagnostic(string? File, int Line, int Column, string? Code, string Message)
{
    /// <summary>The canonical MSBuild form editors and terminals make clickable: <c>file(line,col): error CODE: message</c>.</summary>
    public string Format(string relativeTo)
    {
        var file = File is null ? "" : Path.IsPathRooted(File) && File.StartsWith(relativeTo, StringComparison.Ordinal) ? Path.GetRelativePath(relativeTo, File) : File;
        var position = File is null ? "" : Line > 0 ? $"{file}({Line},{Column}): " : $"{file}: ";
        return $"{position}error {Code}: {Message}";
    }
}
