using System.Globalization;
using DotnetLive.Bench;

var edits = args is ["--edits", var n] && int.TryParse(n, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed : 10;

Console.WriteLine($"dotnet-live benchmark: samples/WebApi, {edits} one-line edits per way of working, {Environment.ProcessorCount} cores");
Console.WriteLine("settings:");
Console.WriteLine("  dotnet-live: MSBuild in the tool's process (in-proc node), UseSharedCompilation=true (compiler server)");
Console.WriteLine("  baseline:    `dotnet build --no-restore` + SIGTERM/start the app, with a laptop's defaults (unset: " + string.Join(", ", BaselineRun.MachineOnlySettings) + ")");
Console.WriteLine("  this machine sets: " + string.Join(", ", BaselineRun.MachineOnlySettings.Select(s => $"{s}={Environment.GetEnvironmentVariable(s) ?? "(unset)"}")));
Console.WriteLine();

var live = await LiveRun.RunAsync(edits);
var baseline = await BaselineRun.RunAsync(edits);

Console.WriteLine($"{"",-28}{live.Name,-24}{baseline.Name,-24}");
void Row(string label, Distribution a, Distribution b, double p) =>
    Console.WriteLine($"{label,-28}{a.Format(a.Percentile(p)),-24}{b.Format(b.Percentile(p)),-24}");
Row("edit→serving p50", live.EditToServing, baseline.EditToServing, 50);
Row("edit→serving p95", live.EditToServing, baseline.EditToServing, 95);
Row("build p50", live.Build, baseline.Build, 50);
Row("build p95", live.Build, baseline.Build, 95);
Row("restart→serving p50", live.Restart, baseline.Restart, 50);
Row("bytes shipped per edit p50", live.BytesShipped, baseline.BytesShipped, 50);
Console.WriteLine();
Console.WriteLine("peak RSS (VmHWM): " + string.Join(", ", live.PeakMegabytes.Select(p => $"{p.Key} {p.Value:N0} MB")) + $"; baseline app {baseline.PeakMegabytes.GetValueOrDefault("app"):N0} MB");
Console.WriteLine("PSS at the end (shared runtime pages split among processes): " + string.Join(", ", live.ProportionalMegabytes.Select(p => $"{p.Key} {p.Value:N0} MB")));
Console.WriteLine($"speed-up of edit→serving p50: {baseline.EditToServing.Percentile(50) / live.EditToServing.Percentile(50):N1}x");
