namespace DotnetLive.Tool.UI;

/// <summary>
/// One user-facing message. Errors carry a DLIVE code (1xxx user input, 2xxx build, 3xxx docker,
/// 4xxx kubernetes, 5xxx synclet) and the exit code the tool ends with when the error is fatal.
/// </summary>
internal sealed record MessageDescriptor(string? Code, string Format, int ExitCode = 0)
{
    public string Render(params object?[] args) =>
        (Code is null ? "" : Code + ": ") + string.Format(System.Globalization.CultureInfo.InvariantCulture, Format, args);
}
