using Microsoft.Build.Evaluation;
using Microsoft.Build.Exceptions;
using Microsoft.Build.Framework;
using Microsoft.Build.Logging;

namespace DotnetLive.FrameworkMSBuild;

/// <summary>
/// <c>mono DotnetLive.FrameworkMSBuild.exe PROJECT [-p:NAME=VALUE]...</c>: builds PROJECT's Build
/// target with the .NET Framework MSBuild engine, logging at normal verbosity. Exit code 0 when the
/// build succeeds, 1 when it fails, 2 for a bad command line.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 0 || args.Skip(1).Any(a => !a.StartsWith("-p:", StringComparison.Ordinal) || !a.Contains('=')))
        {
            Console.Error.WriteLine("usage: DotnetLive.FrameworkMSBuild.exe PROJECT [-p:NAME=VALUE]...");
            return 2;
        }

        var properties = args.Skip(1).Select(a => a.Substring(3).Split(['='], 2)).ToDictionary(p => p[0], p => p[1]);

        // MSBuild finds its toolset (the *.tasks files) next to the MSBuild.exe this names. Each MSBuild
        // assembly looks it up on its own, so it stays set for the whole build.
        Environment.SetEnvironmentVariable("MSBUILD_EXE_PATH", typeof(Program).Assembly.Location);
        using var projects = new ProjectCollection(properties);

        try
        {
            var project = projects.LoadProject(args[0]);
            Console.WriteLine($"MSBuild {project.GetPropertyValue("MSBuildVersion")}, MSBuildRuntimeType={project.GetPropertyValue("MSBuildRuntimeType")}");
            var built = project.CreateProjectInstance().Build(["Build"], [new ConsoleLogger(LoggerVerbosity.Normal)]);
            return built ? 0 : 1;
        }
        catch (InvalidProjectFileException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }
}
