using System.Text;
using DotnetLive.Tasks.Live;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DotnetLive.Tasks;

/// <summary>
/// The tasks for MSBuild on .NET Framework (Visual Studio), which cannot load the .NET build of this
/// assembly: each step runs there, as <c>dotnet exec DotnetLive.Tasks.dll STEP ARGS</c> through the
/// SDK's host, and the line it writes is logged here as the in-process task would log it.
/// </summary>
public abstract class LiveStepTask : ToolTask
{
    /// <summary>The .NET build of the tasks: the package's tasks/net10.0/DotnetLive.Tasks.dll.</summary>
    [Required]
    public string CommandAssembly { get; set; } = "";

    /// <summary>The .NET SDK's dotnet host.</summary>
    [Required]
    public string DotnetHost { get; set; } = "";

    protected override string ToolName => Path.GetFileName(DotnetHost);

    /// <summary>The command writes UTF-8 whatever the console's code page.</summary>
    protected override Encoding StandardOutputEncoding => Encoding.UTF8;

    protected abstract string Step { get; }

    protected abstract IEnumerable<string> StepArguments { get; }

    /// <summary>False for the deploy step: a deploy problem never fails a build.</summary>
    protected virtual bool FailureFailsTheBuild => true;

    public override bool Execute()
    {
        if (!File.Exists(DotnetHost))
        {
            Log.LogWarning(null, "DLIVE2103", null, null, 0, 0, 0, 0,
                $"dotnet-live: the .NET SDK's dotnet host '{DotnetHost}' was not found, so this build was not made live. Install the .NET SDK, or set DOTNET_HOST_PATH to its dotnet executable.");
            return true;
        }

        return base.Execute();
    }

    protected override string GenerateFullPathToTool() => DotnetHost;

    protected override string GenerateCommandLineCommands()
    {
        var builder = new CommandLineBuilder();
        builder.AppendSwitch("exec");
        builder.AppendFileNameIfNotNull(CommandAssembly);
        builder.AppendSwitch(Step);
        foreach (var argument in StepArguments)
        {
            builder.AppendFileNameIfNotNull(argument);
        }

        return builder.ToString();
    }

    protected override void LogEventsFromTextOutput(string singleLine, MessageImportance messageImportance)
    {
        if (LiveMessage.FromLine(singleLine) is { } message)
        {
            Log.Report(message);
        }
        else
        {
            base.LogEventsFromTextOutput(singleLine, messageImportance);
        }
    }

    protected override bool HandleTaskExecutionErrors()
    {
        if (Log.HasLoggedErrors)
        {
            return false;
        }

        var text = $"dotnet-live: `dotnet exec {CommandAssembly} {Step}` exited with code {ExitCode}; the lines above say why.";
        if (!FailureFailsTheBuild)
        {
            Log.LogMessage(MessageImportance.High, text + " Nothing was shipped.");
            return true;
        }

        Log.LogError(null, "DLIVE2104", null, null, 0, 0, 0, 0, text + " Build again; if it persists, reinstall the DotnetLive.Tasks package.");
        return false;
    }

    /// <summary>
    /// A directory as one argument: without its trailing separator, which Windows' argument parsing would
    /// otherwise read as escaping the closing quote.
    /// </summary>
    protected static string Directory(string path) => path.TrimEnd('\\', '/') is { Length: > 0 } trimmed ? trimmed : path;
}
