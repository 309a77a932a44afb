using System.Diagnostics;
using DotnetLive.Testing;
using DotnetLive.Testing.Solutions;

namespace DotnetLive.Bench;

/// <summary>
/// A solution of three services (two web apps and a worker) sharing a class library: an edit to the
/// library, timed from the save until every service serves it (the web apps answer with the new text,
/// the worker prints it), four ways in one run: one `dotnet live` session for the solution (restart
/// path, and the default mode with Hot Reload), one service alone, and three `dotnet live` processes,
/// one per service. The tool's peak RSS is taken for each (the sum of the three processes').
/// </summary>
internal static class SolutionRun
{
    private static readonly string[] All = ["api", "front", "jobs"];

    public static async Task<int> RunAsync(int edits)
    {
        Console.WriteLine($"dotnet-live benchmark: a solution of 3 services and a shared library (tests/DotnetLive.Testing/Solutions/ShopSolution), {edits} library edits per way of working, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
        var single = await MeasureAsync("one service alone (api)", edits, ["api"], shop => [ToolRun.Start(shop.Directory, "--project", "Api/Api.csproj", "--no-hot-reload")]);
        var session = await MeasureAsync("3 services, one session", edits, All, shop => [ToolRun.Start(shop.Directory, "--no-hot-reload")]);
        var separate = await MeasureAsync("3 dotnet live processes", edits, All, shop =>
        {
            // One terminal after another, each once the one before runs: started at once, their restores
            // and builds of the shared library collide (NuGet's props file exists, the manifest is in use).
            var tools = new List<ToolRun>();
            foreach (var project in new[] { "Api/Api.csproj", "Front/Front.csproj", "Jobs/Jobs.csproj" })
            {
                var tool = ToolRun.Start(shop.Directory, "--project", project, "--no-hot-reload");
                tool.WaitAsync("the app running", l => l.Contains("app running (", StringComparison.Ordinal), seconds: 300).GetAwaiter().GetResult();
                tools.Add(tool);
            }

            return [.. tools];
        });
        var hotReload = await MeasureAsync("3 services, one session, Hot Reload", edits, All, shop => [ToolRun.Start(shop.Directory)], hotReload: true);

        Report.Compare("library edit, restart path", session, single);
        Report.Compare("library edit, restart path", separate, single);
        Report.Compare("library edit, default mode", hotReload, single);
        Console.WriteLine();
        single.Notes.ForEach(Console.WriteLine);
        return 0;
    }

    /// <param name="services">Whose serving of the edit is waited for.</param>
    /// <param name="start">The tool process(es) for the way of working.</param>
    private static async Task<RunResult> MeasureAsync(string name, int edits, string[] services, Func<ShopSolution, ToolRun[]> start, bool hotReload = false)
    {
        var result = new RunResult(name);
        using var shop = new ShopSolution(worker: true);
        var tools = start(shop);
        try
        {
            if (hotReload)
            {
                await Eventually.UntilAsync("every service started with Hot Reload", _ => Task.FromResult(tools.Sum(t => t.Output.Lines.Count(l => l.Contains("started the app with Hot Reload", StringComparison.Ordinal))) >= services.Length), TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(100), () => "");
            }

            await ServedAsync(shop, tools, services, "hello v1", TimeSpan.FromMinutes(5));
            for (var i = 2; i <= edits + 1; i++)
            {
                var clock = Stopwatch.StartNew();
                shop.Edit("Shared/Greeting.cs", $"hello v{i - 1}", $"hello v{i}");
                try
                {
                    await ServedAsync(shop, tools, services, $"hello v{i}", TimeSpan.FromSeconds(30));
                    result.EditToServing.Add(clock.Elapsed.TotalMilliseconds);
                }
                catch (TimeoutException e)
                {
                    // What a developer does when an edit does not show: save again. Not timed; said.
                    result.Notes.Add($"edit {i - 1}: {e.Message}; the errors: {string.Join(" | ", tools.SelectMany(t => t.Output.Lines.TakeLast(400)).Where(l => l.Contains(" error ", StringComparison.Ordinal)).Select(l => l.Length > 200 ? l[..200] : l).Distinct().TakeLast(3))}; saved again");
                    File.WriteAllText(shop.PathOf("Shared/Greeting.cs"), File.ReadAllText(shop.PathOf("Shared/Greeting.cs")));
                    await ServedAsync(shop, tools, services, $"hello v{i}", TimeSpan.FromMinutes(1));
                }

                // Let the follow-up work (files following a hot-reloaded edit) end before the next edit.
                await Task.Delay(TimeSpan.FromSeconds(hotReload ? 3 : 1));
            }

            result.PeakMegabytes[tools.Length == 1 ? "tool" : $"{tools.Length} tools"] = tools.Sum(t => ProcessMemory.PeakMegabytes(t.Pid));
            result.Notes.Add($"{name}: edits timed {result.EditToServing.Count} of {edits}; the tool's peak RSS {result.PeakMegabytes.Values.Single():N0} MB");
        }
        catch (TimeoutException)
        {
            foreach (var tool in tools)
            {
                Console.Error.WriteLine(tool.Transcript);
            }

            throw;
        }
        finally
        {
            foreach (var tool in tools)
            {
                await tool.StopAsync();
                await tool.DisposeAsync();
            }
        }

        return result;
    }

    /// <summary>Until every service serves <paramref name="text"/>: the web apps' answer has it, the worker printed it.</summary>
    private static async Task ServedAsync(ShopSolution shop, ToolRun[] tools, string[] services, string text, TimeSpan limit)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var pending = new HashSet<string>(services);
        var mark = tools.Select(t => t.Output.Count).ToArray();
        var clock = Stopwatch.StartNew();
        while (pending.Count > 0)
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"{string.Join(", ", pending)} did not serve '{text}' within {limit.TotalSeconds} s");
            }

            foreach (var service in pending.ToList())
            {
                if (await ServesAsync(client, shop, tools, service, text))
                {
                    pending.Remove(service);
                }
            }

            await Task.Delay(10);
        }
    }

    private static async Task<bool> ServesAsync(HttpClient client, ShopSolution shop, ToolRun[] tools, string service, string text)
    {
        if (service == "jobs")
        {
            return tools.Any(t => t.Output.Lines.TakeLast(50).Any(l => l.Contains("jobs: " + text, StringComparison.Ordinal)));
        }

        try
        {
            return (await client.GetStringAsync(service == "api" ? shop.Api() : shop.Front())).Contains(text, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
