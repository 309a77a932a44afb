using DotnetLive.Testing;
using DotnetLive.Testing.FakeKubernetes;
using DotnetLive.Testing.Templates;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Integration;

/// <summary>
/// Apps as `dotnet new` makes them, unchanged, on each target: they start, serve their pages and static
/// files (their own, a Razor class library's, the framework's) from the container, and each kind of edit
/// is seen by what the app then serves, a static file's without a restart. The whole matrix (every
/// template × target × mode) is `dotnet run -c Release --project bench/DotnetLive.Bench -- --matrix`;
/// these are the cells CI runs.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class TemplateTests
{
    public static TheoryData<string, string, bool> Cells => new()
    {
        { "webapp", "docker", true },
        { "webapp", "docker", false },
        { "webapp", "local", true },
        { "webapp+razorclasslib", "docker", true },
        { "mvc", "kubernetes", false },
        { "blazor", "docker", true },
        { "grpc", "docker", false },
        { "worker", "docker", true },
        { "console", "local", false },
    };

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
        await using var tool = ToolRun.Start(app.Directory, [.. (string[])["--target", target, "--verbose"], .. hotReload ? Array.Empty<string>() : ["--no-hot-reload"]]);
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
