using System.Diagnostics;

namespace DotnetLive.Protocol.Sessions;

/// <summary>
/// The session file: written owner-only (it holds the token), replaced atomically, removed when the
/// tool exits. A file left by a tool that died is recognised by its process id and start time.
/// </summary>
internal static class LiveSessionFile
{
    public const string FileName = "session.json";

    public static void Write(string path, LiveSessionInfo session) =>
        PrivateFile.WriteJson(path, session, SessionJson.Default.LiveSessionInfo);

    /// <summary>The session in <paramref name="path"/>, or null when there is none, it cannot be read, or it is not to be trusted.</summary>
    public static LiveSessionInfo? Read(string path) => Read(path, out _);

    /// <summary>
    /// The session in <paramref name="path"/>, read once; null with <paramref name="problem"/> saying why
    /// when it is not to be trusted: a symbolic link (planted there), or one naming a synclet beyond
    /// loopback (every session's synclet is reached on this machine: a build must not send its binaries
    /// elsewhere). Null with no problem when there is none or it cannot be read.
    /// </summary>
    public static LiveSessionInfo? Read(string path, out string? problem)
    {
        problem = PrivateFile.Exposure(path);
        var session = problem is null ? PrivateFile.ReadJson(path, SessionJson.Default.LiveSessionInfo) : null;
        if (session is not null && !IsLoopback(session.Host))
        {
            problem = $"it names the synclet at '{session.Host}', which is not on this machine's loopback";
            return null;
        }

        return session;
    }

    private static bool IsLoopback(string host) =>
        host == "localhost" || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));

    public static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stale file is recognised as such by the next reader.
        }
    }

    /// <summary>The current process, as a session file records it.</summary>
    public static (int ProcessId, long StartTicksUtc) CurrentProcess()
    {
        using var self = Process.GetCurrentProcess();
        return (self.Id, self.StartTime.ToUniversalTime().Ticks);
    }

    /// <summary>True while the tool that wrote <paramref name="session"/> still runs (same id and start time, so a reused id does not count).</summary>
    public static bool IsAlive(LiveSessionInfo session) => IsRunning(session.ToolProcessId, session.ToolStartTicksUtc);

    /// <summary>True while process <paramref name="processId"/>, started at <paramref name="startTicksUtc"/>, runs (a reused id does not count).</summary>
    public static bool IsRunning(int processId, long startTicksUtc)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited && Math.Abs(process.StartTime.ToUniversalTime().Ticks - startTicksUtc) < TimeSpan.TicksPerSecond;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
