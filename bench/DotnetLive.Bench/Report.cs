namespace DotnetLive.Bench;

/// <summary>Prints two ways of working side by side.</summary>
internal static class Report
{
    public static void Compare(string title, RunResult live, RunResult baseline)
    {
        Console.WriteLine();
        Console.WriteLine($"{title,-28}{live.Name,-34}{baseline.Name,-30}");
        Row("edit→serving p50", live.EditToServing, baseline.EditToServing, 50);
        Row("edit→serving p95", live.EditToServing, baseline.EditToServing, 95);
        Row("build p50", live.Build, baseline.Build, 50);
        Row("build p95", live.Build, baseline.Build, 95);
        Row("restart→serving p50", live.Restart, baseline.Restart, 50);
        Row("start→first serve p50", live.FirstServe, baseline.FirstServe, 50);
        Row("bytes per edit p50", live.BytesShipped, baseline.BytesShipped, 50);
        if (live.PeakMegabytes.Count > 0)
        {
            Console.WriteLine("peak RSS (VmHWM): " + string.Join(", ", live.PeakMegabytes.Select(p => $"{p.Key} {p.Value:N0} MB"))
                + (baseline.PeakMegabytes.TryGetValue("app", out var app) ? $"; baseline app {app:N0} MB" : ""));
        }
        if (live.ProportionalMegabytes.Count > 0)
        {
            Console.WriteLine("PSS at the end (shared pages split among processes): " + string.Join(", ", live.ProportionalMegabytes.Select(p => $"{p.Key} {p.Value:N0} MB")));
        }

        foreach (var note in live.Notes)
        {
            Console.WriteLine(note);
        }

        var speed = baseline.EditToServing.Percentile(50) / live.EditToServing.Percentile(50);
        Console.WriteLine("edit→serving p50: " + (speed >= 1 ? $"{speed:N1}x faster" : $"{1 / speed:N2}x the time of {baseline.Name}")
            + (baseline.BytesShipped.Percentile(50) is > 0 and var bytes && live.BytesShipped.Percentile(50) > 0 ? $"; bytes per edit: {bytes / live.BytesShipped.Percentile(50):N0}x fewer" : ""));
    }

    /// <summary>One quantity side by side; left out when neither way of working measured it.</summary>
    private static void Row(string label, Distribution a, Distribution b, double p)
    {
        if (!double.IsNaN(a.Percentile(p)) || !double.IsNaN(b.Percentile(p)))
        {
            Console.WriteLine($"{label,-28}{a.Format(a.Percentile(p)),-34}{b.Format(b.Percentile(p)),-30}");
        }
    }
}
