using System.Diagnostics;
using DotnetLive.Testing;

namespace DotnetLive.Bench;

/// <summary>
/// `--container-recipes`: the same `dotnet new web` app on the docker target made three ways — on the
/// default base image, on a Visual-Studio-shaped Dockerfile's base stage (context: the solution's
/// folder), and shaped by the SDK's container properties — in rounds that take each app in turn, so the
/// machine's noise falls on all three alike. Per round and app: a cold first deploy after `dotnet live
/// down` (image made) with --no-hot-reload and one edit on the restart path, then a warm start of the
/// default mode (container reused) and one Hot Reload edit.
/// </summary>
internal static class ContainerRecipesRun
{
    private const string Dockerfile = """
        FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS base
        ENV SHOP_GREETING="from the base stage"
        COPY ["Recipe/shop.conf", "/etc/shop/shop.conf"]
        USER $APP_UID
        WORKDIR /app
        EXPOSE 8080

        FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
        WORKDIR /src
        COPY . .
        RUN dotnet publish "Recipe/Recipe.csproj" -c Release -o /app/publish

        FROM base AS final
        COPY --from=publish /app/publish .
        ENTRYPOINT ["dotnet", "Recipe.dll"]
        """;

    private const string Properties = """
          <PropertyGroup>
            <ContainerFamily>noble-chiseled</ContainerFamily>
          </PropertyGroup>
          <ItemGroup>
            <ContainerEnvironmentVariable Include="SHOP_GREETING" Value="from a property" />
            <ContainerLabel Include="org.opencontainers.image.vendor" Value="Contoso" />
          </ItemGroup>
        </Project>
        """;

    public static async Task<int> RunAsync(int rounds)
    {
        Console.WriteLine($"container recipes: `dotnet new web` on the docker target, {rounds} round(s), {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
        var apps = new List<(string Name, SampleCopy App, Times Times)>
        {
            ("default base image", await AppAsync(null), new Times()),
            ("Dockerfile base stage", await AppAsync(Dockerfile), new Times()),
            ("container properties", await AppAsync(Properties), new Times()),
        };
        try
        {
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var (name, app, times) in apps)
                {
                    await RoundAsync(app, round, times);
                    Console.WriteLine($"round {round}, {name}: done");
                }
            }

            Console.WriteLine();
            Console.WriteLine("| made from | cold first deploy (image made) | edit → served, --no-hot-reload | warm start, default mode | edit → served, Hot Reload |");
            Console.WriteLine("|---|---|---|---|---|");
            foreach (var (name, _, times) in apps)
            {
                Console.WriteLine($"| {name} | {P50(times.Cold)} | {P50(times.Restart)} | {P50(times.Warm)} | {P50(times.HotReload)} |");
            }

            return 0;
        }
        finally
        {
            foreach (var (_, app, _) in apps)
            {
                await DownAsync(app);
                app.Dispose();
            }
        }
    }

    private static async Task<SampleCopy> AppAsync(string? recipe)
    {
        var app = await SampleCopy.FromTemplateAsync("web", "Recipe");
        if (recipe == Dockerfile)
        {
            app.Root.Write("Recipe.slnx", "<Solution>\n  <Project Path=\"Recipe/Recipe.csproj\" />\n</Solution>\n");
            app.Root.Write(".dockerignore", "**/bin\n**/obj\n");
            app.Root.Write("Recipe/Dockerfile", Dockerfile);
            app.Root.Write("Recipe/shop.conf", "conf");
            app.Edit("Recipe.csproj", "<PropertyGroup>", "<PropertyGroup>\n    <DockerfileContext>..</DockerfileContext>");
        }
        else if (recipe is not null)
        {
            app.Edit("Recipe.csproj", "</Project>", recipe);
        }

        return app;
    }

    private static async Task RoundAsync(SampleCopy app, int round, Times times)
    {
        await DownAsync(app);
        var clock = Stopwatch.StartNew();
        await using (var cold = ToolRun.Start(app.Directory, "--target", "docker", "--no-hot-reload"))
        {
            await cold.WaitDeployedAsync(240);
            times.Cold.Add(clock.Elapsed.TotalMilliseconds);
            times.Restart.Add(await EditAsync(app, $"cold {round}"));
            await cold.StopAsync();
        }

        clock.Restart();
        await using var warm = ToolRun.Start(app.Directory, "--target", "docker");
        await warm.WaitHotReloadStartedAsync(seconds: 240);
        times.Warm.Add(clock.Elapsed.TotalMilliseconds);
        times.HotReload.Add(await EditAsync(app, $"warm {round}"));
        await warm.StopAsync();
    }

    /// <summary>A method-body edit (the root route's lambda); the milliseconds until the app serves it.</summary>
    private static async Task<double> EditAsync(SampleCopy app, string text)
    {
        var served = await Http.GetAsync(app.Url());
        var clock = Stopwatch.StartNew();
        app.Edit("Program.cs", $"\"{served}\"", $"\"{text}\"");
        await Http.WaitForTextAsync(app.Url(), text, 60);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task DownAsync(SampleCopy app)
    {
        await using var down = ToolRun.Start(app.Directory, "down");
        await down.ExitCodeAsync();
    }

    private static string P50(Distribution times) => times.Format(times.Percentile(50));

    private sealed class Times
    {
        public Distribution Cold { get; } = new("cold", "ms");

        public Distribution Restart { get; } = new("restart", "ms");

        public Distribution Warm { get; } = new("warm", "ms");

        public Distribution HotReload { get; } = new("hot reload", "ms");
    }
}
