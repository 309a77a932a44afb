using DotnetLive.Testing.FakeKubernetes;
using DotnetLive.Testing.Templates;

namespace DotnetLive.Bench;

/// <summary>
/// Every `dotnet new` template on every target, with Hot Reload (the default) and without: first serve
/// and each edit's save→seen, as <see cref="TemplateMatrix"/> measures them. Prints the table, one row a cell.
/// </summary>
internal static class MatrixRun
{
    public static async Task<int> RunAsync(IReadOnlyList<string> targets, IReadOnlyList<string> templates)
    {
        Console.WriteLine($"template matrix: {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}; times from the save until the app showed the edit (first serve: from `dotnet live`)");
        Console.WriteLine();
        Console.WriteLine("| template | target | mode | first serve | C# edit | markup edit | static edit | result |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        await using var cluster = targets.Contains("kubernetes") ? await FakeCluster.StartAsync() : null;
        var failed = 0;
        foreach (var @case in TemplateCase.All.Where(c => templates.Count == 0 || templates.Contains(c.ToString())))
        {
            foreach (var target in targets)
            {
                // Hot Reload is not used on the kubernetes target (the tool says so): one mode there.
                foreach (var hotReload in target == "kubernetes" ? [false] : new[] { true, false })
                {
                    var cell = await TemplateMatrix.RunAsync(@case, target, hotReload, cluster);
                    failed += cell.Failure is null ? 0 : 1;
                    Console.WriteLine($"| {@case} | {target} | {cell.Mode} | {Ms(cell.FirstServeMs)} | {Ms(cell.CodeMs)} | {(@case.Markup is null ? "–" : Ms(cell.MarkupMs))} | {(@case.Static is null ? "–" : Ms(cell.StaticMs))} | {(cell.Failure is null ? "pass" : "FAIL: " + cell.Failure.ReplaceLineEndings(" "))} |");
                    if (cell.Failure is not null)
                    {
                        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), $"dotnet-live-matrix-{@case}-{target}-{cell.Mode.TrimStart('-')}.log"), cell.Transcript);
                    }
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine(failed == 0 ? "every cell passed" : $"{failed} cell(s) failed; their tool output is in {Path.GetTempPath()}dotnet-live-matrix-*.log");
        return failed == 0 ? 0 : 1;
    }

    private static string Ms(long? ms) => ms is { } value ? $"{value / 1000.0:0.00} s" : "–";
}
