using DotnetLive.Testing;
using DotnetLive.Testing.FakeKubernetes;
using DotnetLive.Testing.Templates;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Integration;

/// <summary>
/// Apps as `dotnet new` makes them, unchanged, on each target: they start, serve their pages and static
/// files (their own, a Razor class library's, the framework's) from the container, and each kind of edit
/// is seen by what the app then serves, a static file's without a restart. Every template × target ×
/// mode; `dotnet run -c Release --project bench/DotnetLive.Bench -- --matrix` prints the same cells' times.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class TemplateTests
{
    /// <summary>Every template on every target, with Hot Reload (the default) and without; the kubernetes target has no Hot Reload.</summary>
    public static TheoryData<string, string, bool> Cells()
    {
        var cells = new TheoryData<string, string, bool>();
        foreach (var @case in TemplateCase.All)
        {
            foreach (var target in (string[])["local", "docker", "kubernetes"])
            {
                foreach (var hotReload in target == "kubernetes" ? [false] : new[] { true, false })
                {
                    cells.Add(@case.ToString(), target, hotReload);
                }
            }
        }

        return cells;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task A_template_app_starts_serves_and_shows_every_kind_of_edit(string template, string target, bool hotReload)
    {
        var @case = TemplateCase.All.Single(c => c.ToString() == template);
        await using var cluster = target == "kubernetes" ? await FakeCluster.StartAsync() : null;

        var cell = await TemplateMatrix.RunAsync(@case, target, hotReload, cluster);

        cell.Failure.ShouldBeNull(cell.Transcript);
        cell.CodeMs.ShouldNotBeNull();
        if (@case.Static is not null)
        {
            cell.StaticMs.ShouldNotBeNull();
        }
    }

    [Theory]
    [InlineData("docker", true)]
    [InlineData("local", false)]
    public async Task An_appsettings_edit_is_read_by_the_running_app_without_a_restart(string target, bool hotReload)
    {
        using var app = await SampleCopy.FromTemplateAsync("web", "Settings");
        app.Edit("Program.cs", "app.Run();", "app.MapGet(\"/greeting\", (IConfiguration configuration) => configuration[\"Greeting\"] ?? \"none\");\napp.Run();");
        app.Edit("appsettings.json", "\"AllowedHosts\": \"*\"", "\"AllowedHosts\": \"*\",\n  \"Greeting\": \"hello\"");
        var tool = ToolRun.Start(app.Directory, [.. (string[])["--target", target, "--verbose"], .. hotReload ? Array.Empty<string>() : ["--no-hot-reload"]]);
        try
        {
            await (hotReload ? tool.WaitHotReloadStartedAsync(seconds: 240) : tool.WaitDeployedAsync(240));
            await Http.WaitForTextAsync(app.Url("/greeting"), "hello");
            var mark = tool.Output.Count;

            app.Edit("appsettings.json", "\"hello\"", "\"bonjour\"");

            await Http.WaitForTextAsync(app.Url("/greeting"), "bonjour", 90);
            await tool.WaitAsync("the update in place", l => l.Contains("updated in place: ", StringComparison.Ordinal), mark, 30);
            tool.Output.Lines.Skip(mark).ShouldNotContain(l => l.Contains("app started (pid", StringComparison.Ordinal), tool.Transcript);
        }
        finally
        {
            await tool.DisposeAsync();
            if (target != "local")
            {
                await using var down = ToolRun.Start(app.Directory, "down");
                (await down.ExitCodeAsync(120)).ShouldBe(0, down.Transcript);
            }
        }
    }
}
