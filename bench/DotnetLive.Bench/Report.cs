namespace DotnetLive.Bench;

/// <summary>Prints two ways of working side by side.</summary>
internal static class Report
{
    public static void Compare(string title, RunResult live, RunResult baseline)
    {
        Console.WriteLine();
        Console.WriteLine($"{title,-28}{live.Name,-26}{baseline.Name,-30}");
        Row("edit→serving p50", live.EditToServing, baseline.EditToServing, 50);
        Row("edit→serving p95", live.EditToServing, baseline.EditToServing, 95);
        Row("build p50", live.Build, baseline.Build, 50);
        Row("build p95", live.Build, baseline.Build, 95);
        Row("restart→serving p50", live.Restart, baseline.Restart, 50);
        Row("bytes per edit p50", live.BytesShipped, baseline.BytesShipped, 50);
        Console.WriteLine("peak RSS (VmHWM): " + string.Join(", ", live.PeakMegabytes.Select(p => $"{p.Key} {p.Value:N0} MB"))
            + (baseline.PeakMegabytes.TryGetValue("app", out var app) ? $"; baseline app {app:N0} MB" : ""));
        if (live.ProportionalMegabytes.Count > 0)
        {
            Console.WriteLine("PSS at the end (shared pages split among processes): " + string.Join(", ", live.ProportionalMegabytes.Select(p => $"{p.Key} {p.Value:N0} MB")));
        }

        Console.WriteLine($"edit→serving p50: {baseline.EditToServing.Percentile(50) / live.EditToServing.Percentile(50):N1}x faster"
            + (baseline.BytesShipped.Percentile(50) is > 0 and var bytes ? $"; bytes per edit: {bytes / live.BytesShipped.Percentile(50):N0}x fewer" : ""));
    }

    private static void Row(string label, Distribution a, Distribution b, double p) =>
        Console.WriteLine($"{label,-28}{a.Format(a.Percentile(p)),-26}{b.Format(b.Percentile(p)),-30}");
}
