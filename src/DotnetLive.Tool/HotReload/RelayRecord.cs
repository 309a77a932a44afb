namespace DotnetLive.Tool.HotReload;

/// <summary>
/// What the relay tells the session, in a file next to the session file: the build output it shipped
/// (dotnet watch's: static files are shipped from it) and dotnet watch's browser-refresh endpoint (the
/// session's <see cref="BrowserRefreshProxy"/> forwards to it). One line each, the endpoint empty for
/// an app without one.
/// </summary>
internal sealed record RelayRecord(string OutputDirectory, Uri? RefreshEndpoint)
{
    public const string FileName = "relay.txt";

    public static string PathNextTo(string sessionPath) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(sessionPath))!, FileName);

    public void Write(string sessionPath) =>
        File.WriteAllLines(PathNextTo(sessionPath), [OutputDirectory, RefreshEndpoint?.ToString() ?? ""]);

    /// <summary>The record the relay of this session wrote; null before it has run.</summary>
    public static RelayRecord? Read(string sessionPath)
    {
        try
        {
            var lines = File.ReadAllLines(PathNextTo(sessionPath));
            return lines.Length == 0 || lines[0].Length == 0
                ? null
                : new RelayRecord(lines[0], lines.Length > 1 && Uri.TryCreate(lines[1], UriKind.Absolute, out var endpoint) ? endpoint : null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
