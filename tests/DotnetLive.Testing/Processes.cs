using System.Runtime.InteropServices;

namespace DotnetLive.Testing;

internal static partial class Processes
{
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public static void Signal(int pid, int signal) => Kill(pid, signal);

    /// <summary>The parent of a process (from /proc/&lt;pid&gt;/stat), or null when it is gone.</summary>
    public static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");

            // pid (command) state ppid …: the command may hold spaces and parentheses, so read after the last ')'.
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>A process's command line, its arguments separated by spaces (empty for a zombie); null when it is gone.</summary>
    public static string? CommandLineOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Every process whose command line mentions <paramref name="text"/> (read from /proc).</summary>
    public static IReadOnlyList<(int Pid, string CommandLine)> Mentioning(string text)
    {
        var found = new List<(int, string)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(text, StringComparison.Ordinal))
                {
                    found.Add((pid, commandLine));
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours.
            }
        }

        return found;
    }
}
