using DotnetLive.Tool.HotReload;
using DotnetLive.Tool.UI;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tool.HotReload;

/// <summary>The lines of dotnet watch (SDK 10, with and without emojis) as the Hot Reload session reads them.</summary>
public sealed class WatchLineTests
{
    [Theory]
    [InlineData("dotnet watch 🔥 [WebApi (net10.0)] C# and Razor changes applied in 55ms.", nameof(WatchLineKind.HotReloaded), "C# and Razor changes applied in 55ms.")]
    [InlineData("dotnet watch : C# and Razor changes applied in 490ms.", nameof(WatchLineKind.HotReloaded), "C# and Razor changes applied in 490ms.")]
    [InlineData("dotnet watch ⌚ Restart is needed to apply the changes.", nameof(WatchLineKind.RudeEdit), "Restart is needed to apply the changes.")]
    [InlineData("dotnet watch ❌ Attempted to invoke a deleted method implementation. This can happen when a method is deleted or its name or signature is changed while the application is running.", nameof(WatchLineKind.RudeEdit), "Attempted to invoke a deleted method implementation. This can happen when a method is deleted or its name or signature is changed while the application is running.")]
    [InlineData("dotnet watch 🕐 Waiting for changes", nameof(WatchLineKind.Watching), "Waiting for changes")]
    [InlineData("dotnet watch ⚠ [WebApi (net10.0)] Greeting.cs(1,1): error ENC0023: Adding an abstract method requires restarting the application.", nameof(WatchLineKind.RudeEdit), "Greeting.cs(1,1): error ENC0023: Adding an abstract method requires restarting the application.")]
    [InlineData("dotnet watch ❌ [WebApi (net10.0)] /src/Greeting.cs(5,42): error CS1002: ; expected", nameof(WatchLineKind.Error), "/src/Greeting.cs(5,42): error CS1002: ; expected")]
    [InlineData("dotnet-live relay: started the app with Hot Reload (2 file(s), 29100 bytes shipped, restart 259 ms)", nameof(WatchLineKind.Started), "started the app with Hot Reload (2 file(s), 29100 bytes shipped, restart 259 ms)")]
    [InlineData("dotnet-live relay: Hot Reload joined the running app (pid 41, not restarted)", nameof(WatchLineKind.Started), "Hot Reload joined the running app (pid 41, not restarted)")]
    [InlineData("dotnet-live relay: the Hot Reload tunnel closed (reset)", nameof(WatchLineKind.Relay), "the Hot Reload tunnel closed (reset)")]
    [InlineData("  WebApi -> /src/bin/Debug/net10.0/WebApi.dll", nameof(WatchLineKind.Detail), "WebApi -> /src/bin/Debug/net10.0/WebApi.dll")]
    [InlineData("dotnet watch ⚠ [WebApi (net10.0)] Program.cs(1,1): warning ENC0118: Changing 'top-level code' might not have any effect until the application is restarted.", nameof(WatchLineKind.Detail), "Program.cs(1,1): warning ENC0118: Changing 'top-level code' might not have any effect until the application is restarted.")]
    [InlineData("20:01:02.345 error Connection refused (run with --verbose for details)", nameof(WatchLineKind.Error), "Connection refused (run with --verbose for details)")]
    [InlineData("20:01:02.345 error DLIVE5105: No running `dotnet live` session was found at 'x'.", nameof(WatchLineKind.Error), "DLIVE5105: No running `dotnet live` session was found at 'x'.")]
    [InlineData("dotnet watch ❌ Unable to apply hot reload due to compilation errors.", nameof(WatchLineKind.Detail), "Unable to apply hot reload due to compilation errors.")]
    public void A_line_is_classified_and_stripped_of_the_prefix(string line, string kind, string text)
    {
        WatchLine.Classify(line).ShouldBe((Enum.Parse<WatchLineKind>(kind), text));
    }

    [Theory]
    [InlineData("C# and Razor changes applied in 55ms.", 55)]
    [InlineData("C# and Razor changes applied in 1204 ms.", 1204)]
    [InlineData("Hot reload succeeded.", 0)]
    public void The_time_to_apply_is_read_from_the_line(string text, long milliseconds) =>
        WatchLine.Milliseconds(text).ShouldBe(milliseconds);

    [Fact]
    public void A_compiler_error_becomes_a_diagnostic_with_file_position_and_code()
    {
        var diagnostic = BuildDiagnostic.Parse("/src/Greeting.cs(5,42): error CS1002: ; expected [/src/WebApi.csproj]").ShouldNotBeNull();

        diagnostic.ShouldBe(new BuildDiagnostic("/src/Greeting.cs", 5, 42, "CS1002", "; expected"));
        BuildDiagnostic.Parse("Build FAILED.").ShouldBeNull();
    }
}
