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
        await using var tool = ToolRun.Start(app.Directory, "-v");
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
            page = await ShowsAsync(page, login, Row);
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
            page = await ShowsAsync(page, root + "/", Row);
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
            page = await ShowsAsync(page, root + "/", Row);
            await Row(page).GetByText("Crashed").WaitForAsync(new() { Timeout = 120_000 });
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
            await using var tool = ToolRun.Start(app.Directory, "--target", "docker", "-v");
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
                page = await ShowsAsync(page, login, p => p.Locator("tr.resource-row", new() { HasText = "boxed" }));
                page = await ShowsAsync(page, new Uri(login).GetLeftPart(UriPartial.Authority) + "/traces", p => p.GetByText("GET /traced-route").First);
            }
            catch (TimeoutException e)
            {
                throw await FailureAsync(e, page, browserLog, tool);
            }

            tool.Output.Lines.ShouldNotContain(l => l.Contains("could not send", StringComparison.Ordinal) || l.Contains("refused Traces", StringComparison.Ordinal));
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
        await using var tool = ToolRun.Start(app.Directory, new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig }, "--target", "kubernetes", "--property", "LiveRegistry=127.0.0.1:5000", "--property", "LiveReplicas=2", "-v");
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
            page = await ShowsAsync(page, login, p => p.Locator("tr.resource-row", new() { HasText = "podded" }).First);
            page = await ShowsAsync(page, new Uri(login).GetLeftPart(UriPartial.Authority) + "/traces", p => p.GetByText("GET /traced-route").First);

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

        (await tool.StopAsync()).ShouldBe(0, tool.Transcript);
        await using var down = ToolRun.Start(app.Directory, new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig }, "down");
        (await down.ExitCodeAsync()).ShouldBe(0, down.Transcript);
    }

    /// <summary>
    /// Opens a page and waits for what it should show (a service's row, a trace); the tab that shows it.
    /// A page comes prerendered, empty, and fills in once its circuit is connected. In two full runs of
    /// four the first dashboard test's page stayed empty for minutes, through six loads in one tab (the
    /// cause is not known; the same steps by hand fill in), so after two loads the page is opened in a
    /// new tab (same cookies), as a user would, up to six times (the tabs before stay open, so that a
    /// failure can still show what the first one held). Waited for longest at the last: in a full run the
    /// first dashboard test's page has stayed empty for more than two minutes.
    /// </summary>
    private static async Task<IPage> ShowsAsync(IPage page, string url, Func<IPage, ILocator> shown)
    {
        for (var opened = 1; ; opened++)
        {
            if (opened > 2)
            {
                page = await OpenAsync(page.Context);
            }

            await page.GotoAsync(url);
            try
            {
                await shown(page).WaitForAsync(new() { Timeout = opened < 6 ? 30_000 : 150_000 });
                return page;
            }
            catch (TimeoutException) when (opened < 6)
            {
                // Opened again, in a new tab.
            }
        }
    }

    /// <summary>
    /// What the page waited for, what the tool, the dashboard and the resource service (with -v) said
    /// meanwhile, what the browser saw (console, failed requests, the circuit's WebSocket), and what the page showed.
    /// </summary>
    private static async Task<TimeoutException> FailureAsync(TimeoutException e, IPage page, BrowserLog browserLog, ToolRun tool)
    {
        // The page last: a long message is shown by its end.
        var shown = await page.InnerTextAsync("body");
        var dashboard = tool.Output.Lines.Where(l => l.Contains("dashboard: ", StringComparison.Ordinal) || l.Contains("resource service: ", StringComparison.Ordinal)).TakeLast(60);
        return new TimeoutException(
            $"{e.Message}\n--- the tool's output ---\n{string.Join('\n', tool.Output.Lines.TakeLast(40))}\n--- the dashboard ---\n{string.Join('\n', dashboard)}" +
            $"\n--- the browser ---\n{string.Join('\n', browserLog.Lines.TakeLast(40))}\n--- the page ({page.Url}) ---\n{shown}", e);
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
    /// A new page of <paramref name="context"/> (a browser's own pages cannot open another: a context
    /// can, with the same cookies), wide enough for the dashboard's resource table, with the tests' patience.
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
