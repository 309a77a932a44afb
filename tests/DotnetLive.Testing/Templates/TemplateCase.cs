namespace DotnetLive.Testing.Templates;

/// <summary>One edit a user makes: <paramref name="From"/> replaced by <paramref name="To"/> in <paramref name="File"/> (appended when From is null), and what shows it arrived.</summary>
/// <param name="HotReloadProbe">What shows it with Hot Reload, when that differs (a running loop keeps its old code, as under dotnet watch).</param>
internal sealed record TemplateEdit(string File, string? From, string To, Probe Probe, Probe? HotReloadProbe = null);

/// <summary>
/// An app as `dotnet new <paramref name="Template"/>` makes it, what shows that it serves (or runs),
/// and one edit of each kind it has: C#, markup (.cshtml, .razor) and a static file (css, js).
/// </summary>
/// <param name="Library">A Razor class library made next to it and referenced, whose assets the app serves.</param>
/// <param name="Exits">The app ends by itself (a console app): with Hot Reload, dotnet watch then waits for a save to start it again.</param>
internal sealed record TemplateCase(string Template, string Name, IReadOnlyList<Probe> Serves, TemplateEdit Code, TemplateEdit? Markup = null, TemplateEdit? Static = null, string? Library = null, bool Exits = false)
{
    private const string Marker = "/* dotnet-live edit */";

    public static TemplateCase Web { get; } = new(
        "web",
        "Minimal",
        [new Probe.Page("/", "Hello World!")],
        new("Program.cs", "\"Hello World!\"", "\"Hello, live!\"", new Probe.Page("/", "Hello, live!")));

    public static TemplateCase WebApi { get; } = new(
        "webapi",
        "Api",
        [new Probe.Page("/weatherforecast", "temperatureC")],
        new("Program.cs", "\"Freezing\", \"Bracing\", \"Chilly\", \"Cool\", \"Mild\", \"Warm\", \"Balmy\", \"Hot\", \"Sweltering\", \"Scorching\"", "\"Frosty\"", new Probe.Page("/weatherforecast", "Frosty")));

    public static TemplateCase RazorPages { get; } = new(
        "webapp",
        "Pages",
        [new Probe.Page("/", "Welcome"), new Probe.Page("/css/site.css", "html"), new Probe.Page("/lib/bootstrap/dist/css/bootstrap.min.css", "Bootstrap")],
        new("Pages/Index.cshtml.cs", "public void OnGet()\n    {\n", "public void OnGet()\n    {\n        Response.Headers[\"X-Live\"] = \"edited\";\n", new Probe.Header("/", "X-Live", "edited")),
        new("Pages/Index.cshtml", "Welcome", "Bienvenue", new Probe.Page("/", "Bienvenue")),
        new("wwwroot/css/site.css", null, "\n" + Marker + "\n", new Probe.Page("/css/site.css", Marker)));

    /// <summary>Razor Pages with a Razor class library: the library's assets are served under _content/, and edited there.</summary>
    public static TemplateCase RazorPagesWithLibrary { get; } = RazorPages with
    {
        Name = "Site",
        Library = "Shared",
        Serves = [new Probe.Page("/", "Welcome"), new Probe.Page("/_content/Shared/exampleJsInterop.js", "showPrompt")],
        Static = new("../Shared/wwwroot/exampleJsInterop.js", null, "\n" + Marker + "\n", new Probe.Page("/_content/Shared/exampleJsInterop.js", Marker)),
    };

    public static TemplateCase Mvc { get; } = new(
        "mvc",
        "Mvc",
        [new Probe.Page("/", "Welcome"), new Probe.Page("/js/site.js", "JavaScript")],
        new("Controllers/HomeController.cs", "public IActionResult Index()\n    {\n", "public IActionResult Index()\n    {\n        Response.Headers[\"X-Live\"] = \"edited\";\n", new Probe.Header("/", "X-Live", "edited")),
        new("Views/Home/Index.cshtml", "Welcome", "Bienvenue", new Probe.Page("/", "Bienvenue")),
        new("wwwroot/js/site.js", null, "\n" + Marker + "\n", new Probe.Page("/js/site.js", Marker)));

    public static TemplateCase Blazor { get; } = new(
        "blazor",
        "Portal",
        [new Probe.Page("/", "Hello, world!"), new Probe.Page("/_framework/blazor.web.js", "Blazor"), new Probe.Page("/app.css", "h1:focus")],
        new("Components/Pages/Weather.razor", "\"Freezing\", \"Bracing\", \"Chilly\", \"Cool\", \"Mild\", \"Warm\", \"Balmy\", \"Hot\", \"Sweltering\", \"Scorching\"", "\"Frosty\"", new Probe.Page("/weather", "Frosty")),
        new("Components/Pages/Home.razor", "Hello, world!", "Hello, live!", new Probe.Page("/", "Hello, live!")),
        new("wwwroot/app.css", null, "\n" + Marker + "\n", new Probe.Page("/app.css", Marker)));

    public static TemplateCase Grpc { get; } = new(
        "grpc",
        "Greeter",
        [new Probe.Page("/", "Communication with gRPC endpoints", Http2: true)],
        new("Program.cs", "Communication with gRPC endpoints", "Live gRPC endpoints", new Probe.Page("/", "Live gRPC endpoints", Http2: true)));

    public static TemplateCase Worker { get; } = new(
        "worker",
        "Jobs",
        [new Probe.Log("Worker running at:")],
        new("Worker.cs", "Worker running at:", "Worker edited at:", new Probe.Log("Worker edited at:"), HotReloadProbe: new Probe.Log("hot reload: ")));

    public static TemplateCase Console { get; } = new(
        "console",
        "Hello",
        [new Probe.Log("Hello, World!")],
        new("Program.cs", "Hello, World!", "Hello, live!", new Probe.Log("Hello, live!")),
        Exits: true);

    public static IReadOnlyList<TemplateCase> All { get; } = [Web, WebApi, RazorPages, RazorPagesWithLibrary, Mvc, Blazor, Grpc, Worker, Console];

    public override string ToString() => Library is null ? Template : $"{Template}+razorclasslib";
}
