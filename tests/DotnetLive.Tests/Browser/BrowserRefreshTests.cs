using DotnetLive.Testing;
using DotnetLive.Tests.Integration;
using Microsoft.Playwright;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Browser;

/// <summary>
/// A real browser (Debian's Chromium, driven by Playwright) on a Razor Pages app in a container, Hot
/// Reload on: the script dotnet watch injects is served from the container and connects, through the
/// session, to dotnet watch's refresh server on this machine, so a css edit restyles the open page
/// without a reload (a view's scoped css too) and a markup edit shows in it, as with dotnet watch alone.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class BrowserRefreshTests
{
    [Fact]
    public async Task An_open_page_takes_css_edits_without_a_reload_and_shows_a_markup_edit()
    {
        using var app = await SampleCopy.FromTemplateAsync("webapp", "Refresh");
        var tool = ToolRun.Start(app.Directory, "--target", "docker", "--verbose");
        try
        {
            await tool.WaitHotReloadStartedAsync(seconds: 240);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await Chromium.LaunchAsync(playwright);
            var page = await browser.NewPageAsync();
            var refresh = page.WaitForWebSocketAsync(new() { Timeout = 30_000 });
            await page.GotoAsync(app.Url().ToString());
            (await refresh).Url.ShouldStartWith("ws://localhost:");
            await page.EvaluateAsync("() => window.dotnetLiveMark = 'kept'");

            // Each save is fetched again by the page as soon as dotnet watch says so: the file must be in the container by then.
            foreach (var color in (string[])["rgb(255, 0, 0)", "rgb(0, 128, 0)", "rgb(0, 0, 255)"])
            {
                app.Append("wwwroot/css/site.css", $"\nh1 {{ color: {color}; }}\n");
                await page.WaitForFunctionAsync($"() => getComputedStyle(document.querySelector('h1')).color === '{color}'", null, new() { Timeout = 30_000 });
            }

            (await page.EvaluateAsync<string?>("() => window.dotnetLiveMark")).ShouldBe("kept", "a css edit reloaded the page");

            // A view's own css (Pages/Shared/_Layout.cshtml.css, which the build bundles into
            // Refresh.styles.css) is built and shipped before the page fetches it again.
            app.Append("Pages/Shared/_Layout.cshtml.css", "\n.footer { background-color: rgb(1, 2, 3); }\n");
            await page.WaitForFunctionAsync("() => getComputedStyle(document.querySelector('footer')).backgroundColor === 'rgb(1, 2, 3)'", null, new() { Timeout = 30_000 });
            (await page.EvaluateAsync<string?>("() => window.dotnetLiveMark")).ShouldBe("kept", "a scoped css edit reloaded the page");

            app.Edit("Pages/Index.cshtml", "Welcome", "Bienvenue");
            await page.WaitForFunctionAsync("() => document.querySelector('h1')?.textContent === 'Bienvenue'", null, new() { Timeout = 60_000, PollingInterval = 100 });
        }
        finally
        {
            await tool.DisposeAsync();
            await using var down = ToolRun.Start(app.Directory, "down");
            (await down.ExitCodeAsync(120)).ShouldBe(0, down.Transcript);
        }
    }
}
