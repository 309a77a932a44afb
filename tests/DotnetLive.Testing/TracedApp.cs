namespace DotnetLive.Testing;

/// <summary>
/// `dotnet new web` with the usual OpenTelemetry packages sending its traces over OTLP, and no
/// setting of where to: the endpoint comes from the environment (OTEL_EXPORTER_OTLP_ENDPOINT), as the
/// packages read it. GET /traced-route answers <c>Greeter.Text()</c>, a method in its own file that Hot
/// Reload applies edits to in place ("hello v1" at first).
/// </summary>
internal static class TracedApp
{
    public static async Task<SampleCopy> CreateAsync(string name)
    {
        var app = await SampleCopy.FromTemplateAsync("web", name);
        app.Edit(name + ".csproj", "</Project>", """
              <ItemGroup>
                <PackageReference Include="OpenTelemetry.Extensions.Hosting" Version="1.20.1" />
                <PackageReference Include="OpenTelemetry.Exporter.OpenTelemetryProtocol" Version="1.20.1" />
                <PackageReference Include="OpenTelemetry.Instrumentation.AspNetCore" Version="1.20.2" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(app.PathOf("Program.cs"), """
            using OpenTelemetry;
            using OpenTelemetry.Trace;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddAspNetCoreInstrumentation()).UseOtlpExporter();
            var app = builder.Build();
            app.MapGet("/traced-route", () => Greeter.Text());
            app.Run();
            """);
        File.WriteAllText(app.PathOf("Greeter.cs"), """
            internal static class Greeter
            {
                public static string Text() => "hello v1";
            }
            """);
        return app;
    }
}
