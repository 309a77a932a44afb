using System.Runtime.InteropServices;

namespace DotnetLive.Tool.Interop;

/// <summary>POSIX signals to a child process (Process.Kill only sends SIGKILL).</summary>
internal static partial class Signals
{
    private const int SigInt = 2;

    /// <summary>SIGINT (Ctrl+C); on Windows, where there is none to send, the caller's kill follows after its grace period.</summary>
    public static void Interrupt(int pid)
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = Kill(pid, SigInt);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
