using Microsoft.Playwright;

namespace DotnetLive.Tests.Browser;

/// <summary>Debian's Chromium (scripts/install-chromium.sh), headless, as Playwright drives it here: no browser download can work on this machine.</summary>
internal static class Chromium
{
    private const string Executable = "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = Executable,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
}
