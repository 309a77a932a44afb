namespace DotnetLive.Synclet;

/// <summary>
/// Where the synclet gets the session token: a file the tool put in the container before it started
/// (deleted once read, so the app, started later as the same user, finds nothing), a Secret's volume
/// (read-only: it stays), or the first line of standard input (<c>-</c>, the local target).
/// </summary>
internal static class TokenFile
{
    public static string? Take(string path)
    {
        if (path == "-")
        {
            return Console.In.ReadLine();
        }

        string token;
        try
        {
            token = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A Secret's volume is read-only.
        }

        return token;
    }
}
