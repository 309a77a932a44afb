using System.Runtime.InteropServices;

namespace DotnetLive.Synclet.Interop;

/// <summary>The POSIX calls .NET has no API for: hard links (cheap copies of unchanged files) and replacing renames.</summary>
internal static partial class LibC
{
    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LinkNative(string existing, string created);

    [LibraryImport("libc", EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameNative(string from, string to);

    /// <summary>Hard-links <paramref name="existing"/> at <paramref name="created"/>, or copies it where links are refused (another file system, Windows).</summary>
    public static void LinkOrCopy(string existing, string created)
    {
        if (OperatingSystem.IsWindows() || LinkNative(existing, created) != 0)
        {
            File.Copy(existing, created);
        }
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
