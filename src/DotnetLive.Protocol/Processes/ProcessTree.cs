using System.Globalization;

namespace DotnetLive.Protocol.Processes;

/// <summary>
/// The processes a child started (an app's dev server, a watcher). They are taken before the child is
/// stopped, because once it exits they are re-parented and no longer its tree; then they are stopped the
/// same way (SIGTERM, grace, SIGKILL), so a stop leaves nothing behind. Linux (/proc); elsewhere none.
/// </summary>
internal static class ProcessTree
{
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
