using System.Diagnostics;
using System.Text.RegularExpressions;
using DotnetLive.Testing;

namespace DotnetLive.Bench;

/// <summary>
/// A Razor Pages app as `dotnet new webapp` makes it, three ways, the same edits: `.cshtml` edits (the
/// page's heading) and css edits (a line added to wwwroot/css/site.css), each timed from the save until
/// the app serves it. dotnet-live on the docker target in the default mode (Hot Reload), the SDK's
/// `dotnet watch` on the app run locally, and the container loop without either (publish, docker build,
/// replace the container).
/// </summary>
internal static partial class RazorPagesRun
{
    public sealed record Edits(RunResult Markup, RunResult Css);

    public static async Task<Edits> LiveAsync(int edits)
    {
        var result = new Edits(new RunResult("dotnet-live (docker, hot reload)"), new RunResult("dotnet-live (docker, hot reload)"));
        using var app = await SampleCopy.FromTemplateAsync("webapp", "Pages");
        await using var tool = ToolRun.Start(app.Directory, "--target", "docker", "--verbose");
        try
        {
            await tool.WaitHotReloadStartedAsync(seconds: 240);
            await MeasureAsync(app, edits, result, "live");
        }
        finally
        {
            await tool.StopAsync();
            await using var down = ToolRun.Start(app.Directory, "down");
            await down.ExitCodeAsync(120);
        }

        return result;
    }

    public static async Task<Edits> DotnetWatchAsync(int edits)
    {
        var result = new Edits(new RunResult("dotnet watch (local)"), new RunResult("dotnet watch (local)"));
        using var app = await SampleCopy.FromTemplateAsync("webapp", "Pages");
        var environment = BaselineRun.MachineOnlySettings.ToDictionary(s => s, _ => "");
        environment["ASPNETCORE_URLS"] = app.Url().GetLeftPart(UriPartial.Authority);
        await using var watch = ToolRun.Dotnet(app.Directory, environment, "watch", "--non-interactive");
        await MeasureAsync(app, edits, result, "watch");
        return result;
    }

    public static async Task<Edits> VanillaAsync(int edits)
    {
        var result = new Edits(new RunResult("publish + docker build + run"), new RunResult("publish + docker build + run"));
        using var app = await SampleCopy.FromTemplateAsync("webapp", "Pages");
        var name = "dotnet-live-bench-" + Path.GetFileName(app.Root.Path).ToLowerInvariant();
        var tag = name + ":latest";
        File.WriteAllText(app.PathOf("Dockerfile"), $"FROM {DockerVanillaRun.BaseImage}\nWORKDIR /app\nCOPY pub/ /app/\nENV ASPNETCORE_ENVIRONMENT=Development\nENTRYPOINT [\"dotnet\", \"Pages.dll\"]\n");
        File.WriteAllText(app.PathOf(".dockerignore"), "bin/\nobj/\n");
        try
        {
            await PublishBuildRunAsync(app, tag, name);
            await MeasureAsync(app, edits, result, "vanilla", () => PublishBuildRunAsync(app, tag, name));
        }
        finally
        {
            await DockerCli.RunAsync("rm", "-f", name);
            await DockerCli.RunAsync("rmi", "-f", tag);
        }

        return result;
    }

    /// <param name="afterSave">What the developer does after each save (the vanilla loop's rebuild); nothing with a watcher.</param>
    private static async Task MeasureAsync(SampleCopy app, int edits, Edits result, string who, Func<Task>? afterSave = null)
    {
        await WaitForAsync(app.Url("/"), "Welcome", 240);
        for (var i = 1; i <= edits; i++)
        {
            var heading = $"{who} heading {i}";
            var clock = Stopwatch.StartNew();
            var page = app.PathOf("Pages/Index.cshtml");
            File.WriteAllText(page, Heading().Replace(File.ReadAllText(page), $"<h1 class=\"display-4\">{heading}</h1>"));
            await (afterSave?.Invoke() ?? Task.CompletedTask);
            await WaitForAsync(app.Url("/"), heading, 120);
            result.Markup.EditToServing.Add(clock.Elapsed.TotalMilliseconds);
        }

        for (var i = 1; i <= edits; i++)
        {
            var rule = $"/* {who} css {i} */";
            var clock = Stopwatch.StartNew();
            app.Append("wwwroot/css/site.css", "\n" + rule + "\n");
            await (afterSave?.Invoke() ?? Task.CompletedTask);
            await WaitForAsync(app.Url("/css/site.css"), rule, 120);
            result.Css.EditToServing.Add(clock.Elapsed.TotalMilliseconds);
        }
    }

    private static async Task WaitForAsync(Uri url, string text, int seconds)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            try
            {
                if ((await client.GetStringAsync(url)).Contains(text, StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not serving yet, or between two containers.
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"{url} did not serve '{text}' within {seconds} s");
    }

    private static async Task PublishBuildRunAsync(SampleCopy app, string tag, string name)
    {
        var (exitCode, output) = await DotnetCli.RunAsync(app.Directory, ["publish", "-c", "Debug", "-o", "pub"], BaselineRun.MachineOnlySettings.ToDictionary(s => s, _ => (string?)null));
        if (exitCode != 0)
        {
            throw new InvalidOperationException("dotnet publish failed:\n" + output);
        }

        await DockerCli.RunAsync("build", "-q", "-t", tag, app.Directory);
        await DockerCli.RunAsync("rm", "-f", name);
        await DockerCli.RunAsync("run", "-d", "--name", name, "-p", $"127.0.0.1:{app.Port}:8080", tag);
    }

    [GeneratedRegex("<h1 class=\"display-4\">[^<]*</h1>")]
    private static partial Regex Heading();
}
