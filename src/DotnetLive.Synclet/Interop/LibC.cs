using System.Runtime.InteropServices;

namespace DotnetLive.Synclet.Interop;

/// <summary>The POSIX calls .NET has no API for: hard links (cheap copies of unchanged files), replacing renames, and putting a file system's or a directory's changes on disk.</summary>
internal static partial class LibC
{
    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LinkNative(string existing, string created);

    [LibraryImport("libc", EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameNative(string from, string to);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenNative(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseNative(int fd);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncNative(int fd);

    /// <summary>
    /// fsync(2) of a file or a directory: a file's bytes, or the names made, renamed or removed in a
    /// directory, are on disk when it returns.
    /// </summary>
    public static void Sync(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Only the local target runs there: its files are not flushed (documented).
        }

        var fd = OpenNative(path, 0); // O_RDONLY: enough to flush, and allowed on a directory.
        if (fd < 0)
        {
            throw new IOException($"Could not open '{path}' to fsync it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (FsyncNative(fd) != 0)
            {
                throw new IOException($"Could not fsync '{path}' (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            CloseNative(fd);
        }
    }

    /// <summary>
    /// Hard-links <paramref name="existing"/> at <paramref name="created"/> (its bytes are on disk already),
    /// or copies it, to disk, where links are refused (another file system, Windows).
    /// </summary>
    public static void LinkOrCopy(string existing, string created)
    {
        if (OperatingSystem.IsWindows() || LinkNative(existing, created) != 0)
        {
            CopyToDisk(existing, created);
        }
    }

    /// <summary>A copy whose bytes are on disk when it returns.</summary>
    public static void CopyToDisk(string existing, string created)
    {
        File.Copy(existing, created);
        Sync(created);
    }

    /// <summary>
    /// rename(2): atomically replaces <paramref name="to"/>, whatever it is. File.Move refuses a symlink
    /// to a directory, and Directory.Move will not replace — the swap needs exactly this call.
    /// </summary>
    public static void Rename(string from, string to)
    {
        if (RenameNative(from, to) != 0)
        {
            throw new IOException($"Could not rename '{from}' to '{to}' (errno {Marshal.GetLastPInvokeError()}).");
        }
    }
}
