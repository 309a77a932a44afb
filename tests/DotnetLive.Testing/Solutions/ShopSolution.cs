using System.Globalization;

namespace DotnetLive.Testing.Solutions;

/// <summary>
/// A solution as a team has one, written to a temp folder: Shop.slnx with two web services (api, front)
/// that share a class library, front calling api through <c>services:api:http:0</c>, a console worker (jobs)
/// when asked for, and an xunit v3-style test project (an Exe with IsTestProject) that is not a service.
/// Each web service has its own free port in its launch profile.
/// </summary>
internal sealed class ShopSolution : IDisposable
{
    private readonly TempDirectory _directory = new();

    public ShopSolution(bool worker = false)
    {
        ApiPort = Ports.Free();
        FrontPort = Ports.Free();
        var projects = new List<string> { "Shared/Shared.csproj", "Api/Api.csproj", "Front/Front.csproj", "Api.Tests/Api.Tests.csproj" };
        Library("Shared", """
            namespace Shared;

            public static class Greeting
            {
                public static string Text() => "hello v1";
            }
            """);
        Web("Api", ApiPort, """
            var app = WebApplication.CreateBuilder(args).Build();
            app.MapGet("/", () => $"api: {Shared.Greeting.Text()}");
            app.MapGet("/pid", () => Environment.ProcessId.ToString());
            app.Run();
            """);
        Web("Front", FrontPort, """
            var app = WebApplication.CreateBuilder(args).Build();
            app.MapGet("/", () => $"front: {Shared.Greeting.Text()}");
            app.MapGet("/pid", () => Environment.ProcessId.ToString());
            app.MapGet("/api", async (IConfiguration configuration) =>
            {
                using var http = new HttpClient();
                return "front got " + await http.GetStringAsync(configuration["services:api:http:0"]);
            });
            app.Run();
            """);
        _directory.Write("Api.Tests/Api.Tests.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>Exe</OutputType>
                <IsTestProject>true</IsTestProject>
              </PropertyGroup>
            </Project>
            """);
        _directory.Write("Api.Tests/Program.cs", "return 0;\n");
        if (worker)
        {
            projects.Add("Jobs/Jobs.csproj");
            App("Jobs", "Microsoft.NET.Sdk", "<OutputType>Exe</OutputType>");
            _directory.Write("Jobs/Program.cs", """
                while (true)
                {
                    Console.WriteLine($"jobs: {Shared.Greeting.Text()}");
                    await Task.Delay(100);
                }
                """);
        }

        _directory.Write("Shop.slnx", "<Solution>\n" + string.Concat(projects.Select(p => $"  <Project Path=\"{p}\" />\n")) + "</Solution>\n");
    }

    public string Directory => _directory.Path;

    public int ApiPort { get; }

    public int FrontPort { get; }

    public Uri Api(string path = "/") => new(string.Create(CultureInfo.InvariantCulture, $"http://localhost:{ApiPort}{path}"));

    public Uri Front(string path = "/") => new(string.Create(CultureInfo.InvariantCulture, $"http://localhost:{FrontPort}{path}"));

    public string PathOf(string relative) => _directory.Combine(relative);

    /// <summary>Replaces text in a file, as an editor's save does.</summary>
    public void Edit(string relative, string from, string to)
    {
        var path = PathOf(relative);
        var text = File.ReadAllText(path);
        if (!text.Contains(from, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"'{from}' is not in {relative}.");
        }

        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    private void Library(string name, string code)
    {
        _directory.Write($"{name}/{name}.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
            </Project>
            """);
        _directory.Write($"{name}/Greeting.cs", code);
    }

    /// <summary>An app project that uses the shared library.</summary>
    private void App(string name, string sdk, string properties) => _directory.Write($"{name}/{name}.csproj", $"""
        <Project Sdk="{sdk}">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>{properties}
          </PropertyGroup>
          <ItemGroup>
            <ProjectReference Include="../Shared/Shared.csproj" />
          </ItemGroup>
        </Project>
        """);

    private void Web(string name, int port, string program)
    {
        App(name, "Microsoft.NET.Sdk.Web", "");
        _directory.Write($"{name}/Program.cs", program);
        _directory.Write($"{name}/Properties/launchSettings.json", string.Create(CultureInfo.InvariantCulture, $$"""
            {
              "profiles": {
                "http": {
                  "commandName": "Project",
                  "applicationUrl": "http://localhost:{{port}}",
                  "environmentVariables": { "ASPNETCORE_ENVIRONMENT": "Development" }
                }
              }
            }
            """));
    }

    public void Dispose() => _directory.Dispose();
}
