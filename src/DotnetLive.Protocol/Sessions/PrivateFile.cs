namespace DotnetLive.Protocol.Sessions;

/// <summary>Files that hold a session token: created readable and writable by the owner only, replaced atomically.</summary>
internal static class PrivateFile
{
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        File.Delete(temp);
        using (var stream = new FileStream(temp, options))
        {
            stream.Write(content);
        }

        File.Move(temp, path, overwrite: true);
    }
}
