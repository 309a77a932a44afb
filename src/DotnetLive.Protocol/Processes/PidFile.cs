using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace DotnetLive.Protocol.Processes;

/// <summary>
/// A file that names a running child by pid and start time (and its mark, if it has one), so that one its
/// owner could not stop (the owner was SIGKILLed) is found and stopped by the next owner, with what it
/// started, and a reused pid is never taken for it.
/// </summary>
internal sealed class PidFile(string path)
{
    public void Record(ChildProcess child) =>
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"{child.Id} {child.StartTimeUtc.Ticks}{(child.Mark is { } mark ? " " + mark : "")}"));

    public void Delete() => File.Delete(path);

    /// <summary>
    /// Stops the process the file names, if it still runs (SIGTERM, <paramref name="grace"/>, then its
    /// tree killed), and removes the file.
    /// </summary>
    /// <param name="stopping">Told its pid before it is stopped.</param>
    public async Task StopLeftoverAsync(TimeSpan grace, Action<int> stopping)
    {
        if (Recorded() is not (var pid, var startTicks, var mark))
        {
            return;
        }

        try
        {
            using var leftover = Process.GetProcessById(pid);
            if (!leftover.HasExited && Math.Abs(leftover.StartTime.ToUniversalTime().Ticks - startTicks) < TimeSpan.TicksPerSecond)
            {
                stopping(pid);
                await GracefulStop.StopAsync(leftover, () => Signals.Terminate(pid), grace, mark).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or Win32Exception)
        {
            // Gone already.
        }

        Delete();
    }

    /// <summary>The pid, start time (UTC ticks) and mark the file records; null when there is none or it cannot be read.</summary>
    private (int Pid, long StartTicks, string? Mark)? Recorded()
    {
        try
        {
            var fields = File.ReadAllText(path).Split(' ');
            return fields.Length is 2 or 3
                && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                ? (pid, ticks, fields.Length == 3 ? fields[2] : null)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
