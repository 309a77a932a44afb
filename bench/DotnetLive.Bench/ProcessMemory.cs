using System.Globalization;

namespace DotnetLive.Bench;

internal static class ProcessMemory
{
    /// <summary>Peak resident set size (VmHWM) in MB; NaN if the process is gone.</summary>
    public static double PeakMegabytes(int pid) => ReadKilobytes($"/proc/{pid}/status", "VmHWM:") / 1024.0;

    /// <summary>Resident set size now (VmRSS) in MB.</summary>
    public static double ResidentMegabytes(int pid) => ReadKilobytes($"/proc/{pid}/status", "VmRSS:") / 1024.0;

    /// <summary>
    /// Proportional set size now, in MB: resident pages with shared ones divided among their sharers.
    /// For the synclet this is its cost "besides the app": the runtime files both map count half.
    /// </summary>
    public static double ProportionalMegabytes(int pid) => ReadKilobytes($"/proc/{pid}/smaps_rollup", "Pss:") / 1024.0;

    private static double ReadKilobytes(string file, string key)
    {
        try
        {
            var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}
