using System.Diagnostics;
using System.Globalization;
using DotnetLive.Testing;

namespace DotnetLive.Bench;

/// <summary>
/// `--edit-kinds`: the kinds of C# edit a developer makes, on an app made by `dotnet new web` (not a
/// sample of the repository), one after the other in rounds: (a) a method body, (b) rude edits — a
/// `const` changed, a method's parameter type changed — and (c) a value in the top-level statements. Each
/// way of working gets the same edits in the same run: dotnet-live in its default mode (Hot Reload) and
/// with --no-hot-reload on each target, the SDK's `dotnet watch` on the app run locally, and `dotnet
/// build` + restart. Prints, per kind, save→served p50/p95 and which path each edit took; an edit a way
/// never serves (within <see cref="ServeTimeout"/>) is counted as such, not waited for.
/// </summary>
internal static partial class EditKindsRun
{
    private const int ServeTimeout = 30;

    private const string Routes = """
        app.MapGet("/m", () => Values.Method());
        app.MapGet("/v", () => Values.Version);
        app.MapGet("/s", () => Values.Sig(1));
        var banner = "t0";
        app.MapGet("/t", () => banner);

        """;

    private const string Values = """

        static class Values
        {
            public const string Version = "v0";

            public static string Method() => "m0";

            public static string Sig(int x) => "s0";
        }

        """;

    private static readonly Kind[] Kinds =
    [
        new("method body", "/m", i => ($"=> \"m{i - 1}\"", $"=> \"m{i}\""), i => $"m{i}"),
        new("rude: const", "/v", i => ($"Version = \"v{i - 1}\"", $"Version = \"v{i}\""), i => $"v{i}"),
        new("rude: signature", "/s", i => ($"Sig({(i % 2 == 1 ? "int" : "long")} x) => \"s{i - 1}\"", $"Sig({(i % 2 == 1 ? "long" : "int")} x) => \"s{i}\""), i => $"s{i}"),
        new("top-level statement", "/t", i => ($"banner = \"t{i - 1}\"", $"banner = \"t{i}\""), i => $"t{i}"),
    ];

    public static async Task<int> RunAsync(IReadOnlyList<string> targets, int rounds)
    {
        Console.WriteLine($"edit kinds: `dotnet new web` + 4 routes, {rounds} round(s) of {Kinds.Length} edits per way of working, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
        Console.WriteLine("times from the save until the route serves the edit; path: what each edit took (counts)");
        var ways = new List<Way>();
        foreach (var target in targets)
        {
            ways.Add(await LiveAsync(target, hotReload: true, rounds));
            ways.Add(await LiveAsync(target, hotReload: false, rounds));
        }

        ways.Add(await WatchAsync(rounds));
        ways.Add(await VanillaAsync(rounds));

        Console.WriteLine();
        Console.WriteLine("| edit | " + string.Join(" | ", ways.Select(w => w.Name)) + " |");
        Console.WriteLine("|---|" + string.Concat(ways.Select(_ => "---|")));
        foreach (var kind in Kinds)
        {
            Console.WriteLine($"| {kind.Name} p50 / p95 | " + string.Join(" | ", ways.Select(w => w.Times(kind))) + " |");
            Console.WriteLine($"| {kind.Name}: path | " + string.Join(" | ", ways.Select(w => w.Paths(kind))) + " |");
        }

        return 0;
    }

    private static async Task<SampleCopy> AppAsync()
    {
        var app = await SampleCopy.FromTemplateAsync("web", "EditKinds");
        app.Edit("Program.cs", "app.Run();", Routes + "app.Run();");
        app.Append("Program.cs", Values);
        return app;
    }

    /// <summary>Applies each round's edits, timing each until <paramref name="served"/> (given the route and text) sees it; <paramref name="path"/> names what the edit took.</summary>
    private static async Task EditAsync(Way way, SampleCopy app, int rounds, Func<Uri, string, Task<bool>> served, Func<Task<string>> path)
    {
        foreach (var round in Enumerable.Range(1, rounds))
        {
            foreach (var kind in Kinds)
            {
                if (way.NeverServed.Contains(kind))
                {
                    continue;
                }

                var (from, to) = kind.Edit(round);
                var clock = Stopwatch.StartNew();
                app.Edit("Program.cs", from, to);
                if (!await served(app.Url(kind.Route), kind.Text(round)))
                {
                    // Its later edits would not be served either: the way goes on with the other kinds.
                    way.NeverServed.Add(kind);
                    way.Took(kind, $"never served (> {ServeTimeout} s)");
                    app.Edit("Program.cs", to, from);
                    continue;
                }

                way.Served(kind, clock.Elapsed.TotalMilliseconds);
                way.Took(kind, await path());
            }
        }
    }

    private static async Task<bool> ServedAsync(Uri url, string text)
    {
        try
        {
            await Http.WaitForTextAsync(url, text, ServeTimeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static async Task<Way> LiveAsync(string target, bool hotReload, int rounds)
    {
        var way = new Way(hotReload ? $"dotnet-live {target}" : $"dotnet-live {target} --no-hot-reload");
        using var app = await AppAsync();
        string[] arguments = hotReload ? ["--verbose", "--target", target] : ["--verbose", "--target", target, "--no-hot-reload"];
        try
        {
            await using var tool = ToolRun.Start(app.Directory, arguments);
            await (hotReload ? tool.WaitHotReloadStartedAsync(seconds: 240) : tool.WaitDeployedAsync(240));
            var mark = tool.Output.Count;
            await EditAsync(way, app, rounds, ServedAsync, async () =>
            {
                // The tool's own lines ("12:00:00.000 hot reload: …"), not dotnet watch's ("12:00:00.000   dotnet watch: File updated: …").
                var at = await tool.WaitAsync("the update line", l => UpdateLine().IsMatch(l), mark, 60);
                var line = tool.Output.Lines[at];
                mark = tool.Output.Count;
                if (line.Contains("restarted: ", StringComparison.Ordinal))
                {
                    // The engine joins the restarted app in the background; the next edit waits for it, as a developer's would.
                    await tool.WaitAsync("the engine joining", l => l.Contains("Hot Reload joined the running app") || l.Contains("started the app with Hot Reload"), mark, 120);
                    mark = tool.Output.Count;
                    var reason = line[(line.IndexOf("restarted: ", StringComparison.Ordinal) + 11)..];
                    return "restarted: " + (reason.StartsWith("rude edit", StringComparison.Ordinal) ? "rude edit" : reason.Split(" · ")[0]);
                }

                return line.Contains("hot reload: ", StringComparison.Ordinal) ? "hot reload" : "rebuilt + restarted";
            });
            await tool.StopAsync();
        }
        finally
        {
            if (target == "docker")
            {
                await using var down = ToolRun.Start(app.Directory, "down");
                await down.ExitCodeAsync();
            }
        }

        return way;
    }

    /// <summary>The SDK's `dotnet watch` on the app run locally, restarting on a rude edit without asking.</summary>
    private static async Task<Way> WatchAsync(int rounds)
    {
        var way = new Way("dotnet watch, local");
        using var app = await AppAsync();
        var info = new ProcessStartInfo("dotnet", ["watch", "--non-interactive"]) { WorkingDirectory = app.Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var setting in BaselineRun.MachineOnlySettings)
        {
            info.Environment.Remove(setting);
        }

        info.Environment["ASPNETCORE_URLS"] = app.Url().GetLeftPart(UriPartial.Authority);
        info.Environment["DOTNET_WATCH_RESTART_ON_RUDE_EDIT"] = "true";
        using var watch = Process.Start(info)!;
        var output = new OutputLog();
        watch.OutputDataReceived += (_, e) => output.Add(e.Data ?? "");
        watch.ErrorDataReceived += (_, e) => output.Add(e.Data ?? "");
        watch.BeginOutputReadLine();
        watch.BeginErrorReadLine();
        try
        {
            await Http.WaitForTextAsync(app.Url("/m"), "m0", 240);
            var mark = output.Count;
            await EditAsync(way, app, rounds, ServedAsync, () =>
            {
                var lines = output.Lines.Skip(mark).ToList();
                mark = output.Count;
                return Task.FromResult(lines.Any(l => l.Contains("Restart", StringComparison.OrdinalIgnoreCase) || l.Contains("Building", StringComparison.Ordinal)) ? "rebuilt + restarted" : "hot reload");
            });
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
            await watch.WaitForExitAsync();
        }

        return way;
    }

    /// <summary>No tool: `dotnet build`, stop the app, start it again.</summary>
    private static async Task<Way> VanillaAsync(int rounds)
    {
        var way = new Way("dotnet build + restart");
        using var app = await AppAsync();
        await BaselineRun.DotnetAsync(app.Directory, "build");
        var process = Start(app);
        try
        {
            await Http.WaitForTextAsync(app.Url("/m"), "m0", 120);
            await EditAsync(way, app, rounds, async (url, text) =>
            {
                await BaselineRun.DotnetAsync(app.Directory, "build", "--no-restore");
                await BaselineRun.StopAsync(process);
                process = Start(app);
                return await ServedAsync(url, text);
            }, () => Task.FromResult("rebuilt + restarted"));
        }
        finally
        {
            await BaselineRun.StopAsync(process);
            await BaselineRun.DotnetAsync(app.Directory, "build-server", "shutdown");
        }

        return way;
    }

    private static Process Start(SampleCopy app)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine("bin", "Debug", "net10.0", "EditKinds.dll")]) { WorkingDirectory = app.Directory, RedirectStandardOutput = true };
        info.Environment["ASPNETCORE_URLS"] = app.Url().GetLeftPart(UriPartial.Authority);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\S+ (hot reload|restarted|updated): ")]
    private static partial System.Text.RegularExpressions.Regex UpdateLine();

    /// <param name="Edit">Round i's edit: the text replaced and its replacement.</param>
    /// <param name="Text">What the route serves after round i's edit.</param>
    private sealed record Kind(string Name, string Route, Func<int, (string From, string To)> Edit, Func<int, string> Text);

    private sealed class Way(string name)
    {
        private readonly Dictionary<Kind, Distribution> _times = [];
        private readonly Dictionary<Kind, List<string>> _paths = [];

        public string Name => name;

        public HashSet<Kind> NeverServed { get; } = [];

        public void Served(Kind kind, double ms) => (_times.TryGetValue(kind, out var d) ? d : _times[kind] = new Distribution(kind.Name, "ms")).Add(ms);

        public void Took(Kind kind, string path) => (_paths.TryGetValue(kind, out var p) ? p : _paths[kind] = []).Add(path);

        public string Times(Kind kind) => _times.TryGetValue(kind, out var d)
            ? $"{d.Format(d.Percentile(50))} / {d.Format(d.Percentile(95))}"
            : "never served";

        public string Paths(Kind kind) => _paths.TryGetValue(kind, out var p)
            ? string.Join(", ", p.GroupBy(x => x).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} ×{g.Count()}")))
            : "–";
    }
}
