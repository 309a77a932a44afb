using System.Globalization;

namespace DotnetLive.Protocol.Processes;

/// <summary>
/// The processes a child started (an app's dev server, a watcher). They are taken before the child is
/// stopped, because once it exits they are re-parented and no longer its tree; then they are stopped the
/// same way (SIGTERM, grace, SIGKILL), so a stop leaves nothing behind. A child can also be
/// <em>marked</em> (<see cref="MarkVariable"/>): every process it starts inherits the variable, so what
/// left its tree (double-forked, in a session of its own) or was started during its grace period is
/// found too (<see cref="Marked"/>). Linux (/proc); elsewhere none.
/// </summary>
internal static class ProcessTree
{
    /// <summary>The variable a marked child is started with; its value is that child's alone.</summary>
    public const string MarkVariable = "DOTNET_LIVE_RUN";

    /// <summary>Rounds of <see cref="StopMarkedAsync"/>: a process being stopped may start another.</summary>
    private const int MarkedRounds = 3;

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>The descendants of <paramref name="root"/>, each with its start time so a reused pid is never signalled.</summary>
    public static IReadOnlyList<(int Pid, long Start)> Descendants(int root)
    {
        if (!Directory.Exists("/proc"))
        {
            return [];
        }

        var children = new Dictionary<int, List<(int Pid, long Start)>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { } stat)
            {
                if (!children.TryGetValue(stat.Parent, out var list))
                {
                    children[stat.Parent] = list = [];
                }

                list.Add((pid, stat.Start));
            }
        }

        var found = new List<(int, long)>();
        var pending = new Queue<int>([root]);
        while (pending.TryDequeue(out var parent))
        {
            foreach (var child in children.GetValueOrDefault(parent) ?? [])
            {
                found.Add(child);
                pending.Enqueue(child.Pid);
            }
        }

        return found;
    }

    /// <summary>
    /// The processes started at or after <paramref name="since"/> (clock ticks since boot, as
    /// <see cref="StartOf"/> gives) whose environment holds <paramref name="mark"/>, whoever their
    /// parent is now; this process never. One of another user cannot be read, so is not found.
    /// </summary>
    public static IReadOnlyList<(int Pid, long Start)> Marked(string mark, long since)
    {
        if (!Directory.Exists("/proc"))
        {
            return [];
        }

        // NAME=VALUE entries, each ended by a NUL.
        var first = System.Text.Encoding.UTF8.GetBytes($"{MarkVariable}={mark}\0");
        byte[] later = [0, .. first];
        var found = new List<(int, long)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && pid != Environment.ProcessId
                && Stat(pid) is { Zombie: false } stat && stat.Start >= since
                && Environ(pid) is { } environ
                && (environ.AsSpan().StartsWith(first) || environ.AsSpan().IndexOf(later) >= 0))
            {
                found.Add((pid, stat.Start));
            }
        }

        return found;
    }

    /// <summary>Its start, in clock ticks since boot; null when it has gone (or on a system without /proc).</summary>
    public static long? StartOf(int pid) => Stat(pid)?.Start;

    /// <summary>
    /// Stops every process <see cref="Marked"/> with <paramref name="mark"/> as <see cref="StopAsync"/>
    /// does, and again for any that one of them started meanwhile (a few rounds: what is SIGKILLed
    /// starts nothing).
    /// </summary>
    public static async Task StopMarkedAsync(string mark, long since, TimeSpan grace)
    {
        for (var round = 0; round < MarkedRounds && Marked(mark, since) is { Count: > 0 } marked; round++)
        {
            await StopAsync(marked, grace).ConfigureAwait(false);
        }
    }

    /// <summary>SIGTERM to those still running, then SIGKILL to those still running after the grace period.</summary>
    public static async Task StopAsync(IReadOnlyList<(int Pid, long Start)> processes, TimeSpan grace)
    {
        var running = processes.Where(IsRunning).ToList();
        foreach (var (pid, _) in running)
        {
            Signals.Terminate(pid);
        }

        var deadline = DateTime.UtcNow + grace;
        while (running.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(Poll).ConfigureAwait(false);
            running.RemoveAll(p => !IsRunning(p));
        }

        foreach (var (pid, _) in running)
        {
            Signals.Kill(pid);
        }
    }

    private static bool IsRunning((int Pid, long Start) process) => Stat(process.Pid) is { Zombie: false } stat && stat.Start == process.Start;

    private static byte[]? Environ(int pid)
    {
        try
        {
            return File.ReadAllBytes($"/proc/{pid}/environ");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Parent, start time (clock ticks since boot) and zombie state from /proc/&lt;pid&gt;/stat.</summary>
    private static (int Parent, long Start, bool Zombie)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");

            // The command name is in parentheses and may hold spaces: the fields start after the last ')'.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (int.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[19], CultureInfo.InvariantCulture), fields[0] == "Z");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
