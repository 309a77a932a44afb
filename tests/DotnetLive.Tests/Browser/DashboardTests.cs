using DotnetLive.Testing;
using DotnetLive.Testing.FakeKubernetes;
using DotnetLive.Tests.Integration;
using Microsoft.Playwright;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Browser;

/// <summary>
/// The Aspire dashboard the session starts, in a real browser (Debian's Chromium, driven by
/// Playwright): a web app made with `dotnet new web` that sends its traces with the usual
/// OpenTelemetry packages and no setting, run in the default mode on the local target. The dashboard
/// lists it as running, shows its console log, restarts it on its Restart button, shows the trace of a
/// request, and shows it crashed after an edit that throws at start.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class DashboardTests
{
    [Fact]
    public async Task The_dashboard_shows_the_app_running_its_log_a_restart_its_traces_and_a_crash()
    {
        using var app = await TracedApp.CreateAsync("Traced");
        await using var tool = ToolRun.Start(app.Directory, CircuitLog(app.Root.Path), "-v");
        var line = await tool.WaitAsync("the dashboard's address", l => l.Contains("dashboard: http://127.0.0.1:", StringComparison.Ordinal), seconds: 120);
        var login = tool.Output.Lines[line][(tool.Output.Lines[line].IndexOf("http://", StringComparison.Ordinal))..].Trim();
        login.ShouldContain("/login?t=");
        await tool.WaitHotReloadStartedAsync(seconds: 240);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync();
        var browserLog = BrowserLog.Of(context);
        var page = await OpenAsync(context);
        try
        {
            // Without the token, the dashboard asks for it.
            var root = new Uri(login).GetLeftPart(UriPartial.Authority);
            await page.GotoAsync(root + "/");
            await page.WaitForURLAsync(url => url.Contains("/login", StringComparison.Ordinal));

            static ILocator Row(IPage on) => on.Locator("tr.resource-row", new() { HasText = "traced" });
            await ShowsAsync(page, login, Row);
            await Row(page).GetByText("Running").WaitForAsync();
            if (Environment.GetEnvironmentVariable("DASHBOARD_SCREENSHOT") is { Length: > 0 } screenshot)
            {
                // The README's picture (docs/dashboard.png).
                await page.ScreenshotAsync(new() { Path = screenshot });
            }

            // Its console log: the app's own lines, and the tool's.
            await page.GotoAsync(root + "/consolelogs/resource/traced");
            await page.GetByText("Application started").First.WaitForAsync();
            await page.GetByText("[dotnet live]").First.WaitForAsync();

            // The Restart button restarts it where it runs.
            await ShowsAsync(page, root + "/", Row);
            var restartsBefore = tool.Output.Lines.Count;
            await Row(page).GetByTitle("Restart the app where it runs").ClickAsync();
            await tool.WaitAsync("the restart the dashboard asked for", l => l.Contains("app started (pid", StringComparison.Ordinal), restartsBefore);
            await Row(page).GetByText("Running").WaitForAsync();

            // A request's trace, with no setting in the app: the tool gave it the dashboard's OTLP endpoint.
            await Http.WaitForTextAsync(app.Url("/traced-route"), "hello v1");
            await page.GotoAsync(root + "/traces");
            await page.GetByText("GET /traced-route").First.WaitForAsync();

            // An edit that throws at start: the app crashes, and the dashboard says so.
            app.Edit("Program.cs", "var app = builder.Build();", "var app = builder.Build();\nthrow new InvalidOperationException(\"broken at start\");");
            await ShowsAsync(page, root + "/", Row);
            await Row(page).GetByText("Crashed").WaitForAsync(new() { Timeout = 120_000 });
            NeverDisconnected(tool);
        }
        catch (TimeoutException e)
        {
            throw await FailureAsync(e, page, browserLog, tool);
        }
    }

    /// <summary>
    /// The same app on the docker target: its telemetry goes to the synclet in the container (nothing in
    /// the container reaches the dashboard), which relays it over its authenticated connection to the
    /// tool, which sends it on to the dashboard. The trace of a request shows, with no setting in the app.
    /// </summary>
    [Fact]
    public async Task The_dashboard_shows_the_traces_of_an_app_in_a_container()
    {
        using var app = await TracedApp.CreateAsync("Boxed");
        try
        {
            await using var tool = ToolRun.Start(app.Directory, CircuitLog(app.Root.Path), "--target", "docker", "-v");
            var line = await tool.WaitAsync("the dashboard's address", l => l.Contains("dashboard: http://127.0.0.1:", StringComparison.Ordinal), seconds: 120);
            var login = tool.Output.Lines[line][(tool.Output.Lines[line].IndexOf("http://", StringComparison.Ordinal))..].Trim();
            await tool.WaitHotReloadStartedAsync(seconds: 240);
            await Http.WaitForTextAsync(app.Url("/traced-route"), "hello v1");

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await Chromium.LaunchAsync(playwright);
            var context = await browser.NewContextAsync();
            var browserLog = BrowserLog.Of(context);
            var page = await OpenAsync(context);
            try
            {
                await ShowsAsync(page, login, p => p.Locator("tr.resource-row", new() { HasText = "boxed" }));
                await ShowsAsync(page, new Uri(login).GetLeftPart(UriPartial.Authority) + "/traces", p => p.GetByText("GET /traced-route").First);
            }
            catch (TimeoutException e)
            {
                throw await FailureAsync(e, page, browserLog, tool);
            }

            tool.Output.Lines.ShouldNotContain(l => l.Contains("could not send", StringComparison.Ordinal) || l.Contains("refused Traces", StringComparison.Ordinal));
            NeverDisconnected(tool);
            (await tool.StopAsync()).ShouldBe(0, tool.Transcript);
        }
        finally
        {
            await LiveDown.DockerAsync(app.Directory, "Boxed");
        }
    }

    /// <summary>
    /// The same app on the kubernetes target (the fake API server; its pods are real containers), two
    /// replicas: each pod's synclet relays its app's telemetry, and each pod is its own instance, so a
    /// request to each shows a trace of each pod.
    /// </summary>
    [Fact]
    public async Task The_dashboard_shows_the_traces_of_every_pod()
    {
        await using var cluster = await FakeCluster.StartAsync();
        using var app = await TracedApp.CreateAsync("Podded");
        var kubeconfig = cluster.WriteKubeconfig(app.Root.Path, "dev");
        await using var tool = ToolRun.Start(app.Directory, CircuitLog(app.Root.Path, new() { ["KUBECONFIG"] = kubeconfig }), "--target", "kubernetes", "--property", "LiveRegistry=127.0.0.1:5000", "--property", "LiveReplicas=2", "-v");
        var line = await tool.WaitAsync("the dashboard's address", l => l.Contains("dashboard: http://127.0.0.1:", StringComparison.Ordinal), seconds: 120);
        var login = tool.Output.Lines[line][(tool.Output.Lines[line].IndexOf("http://", StringComparison.Ordinal))..].Trim();
        await tool.WaitDeployedAsync();
        var pods = cluster.Pods("dev");
        pods.Count.ShouldBe(2);
        foreach (var pod in pods)
        {
            (await PodHttp.GetAsync(cluster, pod, "/traced-route")).ShouldBe("hello v1");
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync();
        var browserLog = BrowserLog.Of(context);
        var page = await OpenAsync(context);
        try
        {
            await ShowsAsync(page, login, p => p.Locator("tr.resource-row", new() { HasText = "podded" }).First);
            await ShowsAsync(page, new Uri(login).GetLeftPart(UriPartial.Authority) + "/traces", p => p.GetByText("GET /traced-route").First);

            // Each pod is an instance of its own (the dashboard names it "podded-<pod>"), with its request's trace.
            foreach (var pod in pods)
            {
                await page.Locator($"text={pod.Name} >> visible=true").First.WaitForAsync();
            }
        }
        catch (TimeoutException e)
        {
            throw await FailureAsync(e, page, browserLog, tool);
        }

        NeverDisconnected(tool);
        (await tool.StopAsync()).ShouldBe(0, tool.Transcript);
        await using var down = ToolRun.Start(app.Directory, new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig }, "down");
        (await down.ExitCodeAsync()).ShouldBe(0, down.Transcript);
    }

    /// <summary>
    /// The dashboard never lost the resource service: no watch of it failed, and the dashboard never
    /// counted itself disconnected, as it did (and then showed no resource on any page it opened) after
    /// its interactions call was answered "unimplemented" and it read that as a failure.
    /// </summary>
    private static void NeverDisconnected(ToolRun tool)
    {
        var log = DashboardLog(tool);
        log.ShouldNotContain(
            l => l.Contains("Error #", StringComparison.Ordinal) || l.Contains("does not support interactions", StringComparison.Ordinal) || l.Contains("connection state changed to Disconnected", StringComparison.Ordinal),
            string.Join('\n', log.TakeLast(80)));
    }

    /// <summary>
    /// The environment of a tool run whose dashboard (it inherits the tool's environment) also logs its
    /// Blazor circuits and its resource client at Debug, from a JSON settings file of its own in
    /// <paramref name="folder"/> (the dashboard runs under /bin/sh, which drops a variable whose name has
    /// a dot): when a page stays empty, whether its circuit started and whether the client was connected.
    /// </summary>
    private static Dictionary<string, string> CircuitLog(string folder, Dictionary<string, string>? environment = null)
    {
        var settings = Path.Combine(folder, "dashboard-log.json");
        File.WriteAllText(settings, """
            { "Logging": { "LogLevel": { "Microsoft.AspNetCore.Components.Server.Circuits": "Debug", "Aspire.Dashboard": "Debug" } } }
            """);
        environment ??= [];
        environment["ASPIRE_DASHBOARD_CONFIG_FILE_PATH"] = settings;
        return environment;
    }

    /// <summary>
    /// Opens <paramref name="url"/> and waits for what it should show (a service's row, a trace). A page
    /// comes prerendered, empty, and fills in once its circuit is connected.
    /// </summary>
    private static async Task ShowsAsync(IPage page, string url, Func<IPage, ILocator> shown)
    {
        await page.GotoAsync(url);
        await shown(page).WaitForAsync();
    }

    /// <summary>
    /// What the page waited for, what the tool, the dashboard and the resource service (with -v) said
    /// meanwhile, what the browser saw (console, failed requests, the circuit's WebSocket), and what the
    /// page showed, in that order: CI shows a long message by its end.
    /// </summary>
    private static async Task<TimeoutException> FailureAsync(TimeoutException e, IPage page, BrowserLog browserLog, ToolRun tool)
    {
        var shown = await page.InnerTextAsync("body");
        return new TimeoutException(
            $"{e.Message}\n--- the tool's output ---\n{string.Join('\n', tool.Output.Lines.TakeLast(20))}\n--- the dashboard ---\n{string.Join('\n', DashboardLog(tool).TakeLast(80))}" +
            $"\n--- the browser ---\n{string.Join('\n', browserLog.Lines.TakeLast(20))}\n--- the page ({page.Url}) ---\n{shown}", e);
    }

    /// <summary>
    /// The dashboard's and the resource service's lines, an entry of the dashboard's log on one line,
    /// without the routine (render batches, JS calls, calls from the page's scrolling, each OTLP call's
    /// authentication, empty exports): what is left shows each circuit's start and end, the client's
    /// connection state, and the errors.
    /// </summary>
    private static List<string> DashboardLog(ToolRun tool)
    {
        const string Dashboard = "dashboard: ";
        string[] routine = ["Sending render batch", "Completing batch", "Begin invoke JS interop", "' succeeded.", "Invoking instance method", "Invocation of", "Dashboard.Authentication.", "Success count: 0, failure count: 0"];
        var entries = new List<string>();
        foreach (var line in tool.Output.Lines)
        {
            var at = line.IndexOf(Dashboard, StringComparison.Ordinal);
            if (at >= 0 && line.AsSpan(at + Dashboard.Length).StartsWith("  ") && entries.Count > 0)
            {
                entries[^1] += " " + line[(at + Dashboard.Length)..].Trim();
            }
            else if (at >= 0 || line.Contains("resource service: ", StringComparison.Ordinal))
            {
                entries.Add(line);
            }
        }

        return entries.Where(e => !routine.Any(r => e.Contains(r, StringComparison.Ordinal))).ToList();
    }

    /// <summary>What the browser saw in a context's pages: console messages, page errors, failed requests, WebSockets and their end.</summary>
    private sealed class BrowserLog
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public IEnumerable<string> Lines => _lines;

        public static BrowserLog Of(IBrowserContext context)
        {
            var log = new BrowserLog();
            context.Console += (_, m) => log.Add($"console {m.Type}: {m.Text}");
            context.WebError += (_, e) => log.Add("page error: " + e.Error);
            context.RequestFailed += (_, r) => log.Add($"request failed: {r.Method} {r.Url}: {r.Failure}");
            context.Page += (_, p) => p.WebSocket += (_, socket) =>
            {
                log.Add("websocket opened: " + socket.Url);
                socket.SocketError += (_, error) => log.Add($"websocket error: {socket.Url}: {error}");
                socket.Close += (_, _) => log.Add("websocket closed: " + socket.Url);
            };
            return log;
        }

        private void Add(string line) => _lines.Enqueue($"{DateTime.Now:HH:mm:ss.fff} {line}");
    }

    /// <summary>
    /// A page of <paramref name="context"/> wide enough for the dashboard's resource table, with the tests' patience.
    /// </summary>
    private static async Task<IPage> OpenAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(1400, 800);
        page.SetDefaultTimeout(60_000);
        return page;
    }

    /// <summary>A tool killed at once (SIGKILL: no chance to stop anything) leaves no dashboard running.</summary>
    [Fact]
    public async Task A_killed_tool_leaves_no_dashboard_behind()
    {
        using var app = await SampleCopy.FromTemplateAsync("web", "Killed");
        await using var tool = ToolRun.Start(app.Directory, "--no-hot-reload");
        await tool.WaitAsync("the dashboard's address", l => l.Contains("dashboard: http://127.0.0.1:", StringComparison.Ordinal), seconds: 120);
        var dashboards = Processes.Mentioning("Aspire.Dashboard").Select(p => p.Pid)
            .Where(pid => Processes.ParentOf(pid) is { } parent && (parent == tool.Pid || Processes.ParentOf(parent) == tool.Pid))
            .ToList();
        dashboards.ShouldNotBeEmpty("the dashboard runs under the tool");

        Processes.Signal(tool.Pid, 9);

        await Eventually.UntilAsync("the dashboard gone", () => dashboards.All(pid => !Directory.Exists($"/proc/{pid}")), TimeSpan.FromSeconds(15));
    }

    /// <summary>
    /// The package is not in the packages folder and no feed serves it (the app's nuget.config clears
    /// the feeds): one warning that says what to do, and the app serves as without the dashboard.
    /// </summary>
    [Fact]
    public async Task A_dashboard_no_feed_serves_is_one_warning_and_the_session_goes_on()
    {
        using var app = await SampleCopy.FromTemplateAsync("web", "Offline");
        var feed = Directory.CreateDirectory(Path.Combine(app.Root.Path, "empty-feed")).FullName;
        File.WriteAllText(Path.Combine(app.Root.Path, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="empty" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        var packages = Directory.CreateDirectory(Path.Combine(app.Root.Path, "packages")).FullName;
        await using var tool = ToolRun.Start(app.Directory, new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages }, "--no-hot-reload");
        await tool.WaitDeployedAsync();
        await Http.WaitForTextAsync(app.Url(), "Hello World!");
        var warning = await tool.WaitAsync("the dashboard's warning", l => l.Contains("DLIVE6001", StringComparison.Ordinal));

        tool.Output.Lines[warning].ShouldContain("Aspire.Dashboard.Sdk.linux-x64");
        tool.Output.Lines[warning].ShouldContain("--no-dashboard");
        tool.Output.Lines.Count(l => l.Contains("DLIVE600", StringComparison.Ordinal)).ShouldBe(1, tool.Transcript);
        tool.Output.Lines.ShouldNotContain(l => l.Contains("dashboard: http", StringComparison.Ordinal));
        (await tool.StopAsync()).ShouldBe(0, tool.Transcript);
    }
}
