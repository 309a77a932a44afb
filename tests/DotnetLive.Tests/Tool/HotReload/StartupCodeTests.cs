using DotnetLive.Testing;
using DotnetLive.Tool.HotReload;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tool.HotReload;

/// <summary>The start-up code of a real build (the compiler's PDB), against edits made after it.</summary>
public sealed class StartupCodeTests : IDisposable
{
    private const string Program = """
        var greeting = "hello";
        Func<string> handler = () => "handler body";
        Console.WriteLine(greeting + handler() + Local() + Other.Method());

        static string Local() => "local body";

        static class Other
        {
            public static string Method() => "method body";
        }

        """;

    private readonly TempDirectory _project = new();

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task An_edit_to_the_top_level_statements_is_start_up_code_and_one_inside_a_lambda_or_method_is_not()
    {
        var startup = await BuildAsync(Program);

        Edit("\"handler body\"", "\"edited handler\"");
        startup.Changed().ShouldBeNull("a lambda's body runs on each call");
        Edit("\"local body\"", "\"edited local\"");
        startup.Changed().ShouldBeNull("a local function's body runs on each call");
        Edit("\"method body\"", "\"edited method\"");
        startup.Changed().ShouldBeNull("a method outside the entry point is not start-up code");
        File.AppendAllText(_project.Combine("Program.cs"), "record Added(int Value);\n");
        startup.Changed().ShouldBeNull("a type added after the statements is not start-up code");

        Edit("\"hello\"", "\"renamed\"");
        startup.Changed().ShouldBe("Program.cs top-level statements");
    }

    [Fact]
    public async Task A_statement_added_between_the_top_level_statements_is_start_up_code()
    {
        var startup = await BuildAsync(Program);
        Edit("Func<string> handler", "Console.WriteLine(\"new\");\nFunc<string> handler");
        startup.Changed().ShouldBe("Program.cs top-level statements");
    }

    [Fact]
    public async Task A_classic_main_is_start_up_code_too()
    {
        var startup = await BuildAsync("""
            static class Entry
            {
                private static void Main()
                {
                    System.Console.WriteLine("started");
                }
            }

            """);
        Edit("\"started\"", "\"edited\"");
        startup.Changed().ShouldBe("Program.cs Main");
    }

    [Fact]
    public async Task Without_the_text_it_was_built_from_there_is_nothing_to_compare_with()
    {
        await BuildAsync(Program);
        Edit("\"hello\"", "\"changed before reading\"");
        StartupCode.Read(Assembly()).ShouldBeNull();
    }

    private async Task<StartupCode> BuildAsync(string program)
    {
        _project.Write("app.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
            </Project>
            """);
        _project.Write("Program.cs", program);
        var (exitCode, output) = await DotnetCli.RunAsync(_project.Path, ["build", "-nologo"]);
        exitCode.ShouldBe(0, output);
        return StartupCode.Read(Assembly()).ShouldNotBeNull();
    }

    private string Assembly() => _project.Combine("bin/Debug/net10.0/app.dll");

    private void Edit(string from, string to)
    {
        var path = _project.Combine("Program.cs");
        var text = File.ReadAllText(path);
        text.ShouldContain(from);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }
}
