using System.Runtime.InteropServices;

namespace DotnetLive.Protocol.Processes;

/// <summary>kill(2): .NET can kill a process but has no API to send it SIGTERM.</summary>
internal static partial class Signals
{
    private const int SigKill = 9;
    private const int SigTerm = 15;

    /// <summary>Asks <paramref name="pid"/> to end; nothing when it has gone or the platform has no signals.</summary>
    public static void Terminate(int pid) => Send(pid, SigTerm);

    /// <summary>Ends <paramref name="pid"/> at once; nothing when it has gone or the platform has no signals.</summary>
    public static void Kill(int pid) => Send(pid, SigKill);

    // A failure is a process that has gone already (ESRCH): what the signal was for.
    private static void Send(int pid, int signal)
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = KillNative(pid, signal);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillNative(int pid, int signal);
}
