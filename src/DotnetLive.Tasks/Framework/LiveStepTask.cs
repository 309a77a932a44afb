using System.ComponentModel;
using System.Text;
using DotnetLive.Protocol.Errors;
using DotnetLive.Tasks.Live;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DotnetLive.Tasks;

/// <summary>
/// The tasks for MSBuild on .NET Framework (Visual Studio), which cannot load the .NET build of this
/// assembly: each step runs there, as <c>dotnet exec DotnetLive.Tasks.dll STEP ARGS</c> through the
/// SDK's host (the targets check that it exists), and the line it writes is logged here as the
/// in-process task would log it.
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

    protected override Encoding StandardErrorEncoding => Encoding.UTF8;

    /// <summary>What the host says when it cannot run the command (no .NET 10 runtime, say) is shown at minimal verbosity.</summary>
    protected override MessageImportance StandardErrorLoggingImportance => MessageImportance.High;

    protected abstract string Step { get; }

    protected abstract IEnumerable<string> StepArguments { get; }

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

    /// <summary>The step's line is logged as its message or error; anything else only as text, never parsed as an error.</summary>
    protected override void LogEventsFromTextOutput(string singleLine, MessageImportance messageImportance)
    {
        if (LiveMessage.FromLine(singleLine) is { } message)
        {
            Log.Report(message);
        }
        else
        {
            Log.LogMessage(messageImportance, singleLine);
        }
    }

    /// <summary>A host that exists but cannot be started (not executable, say) is a warning too.</summary>
    protected override int ExecuteTool(string pathToTool, string responseFileCommands, string commandLineCommands)
    {
        try
        {
            return base.ExecuteTool(pathToTool, responseFileCommands, commandLineCommands);
        }
        catch (Win32Exception e)
        {
            Log.LogWarning(null, DiagnosticCodes.StepHostFailed, null, null, 0, 0, 0, 0,
                $"dotnet-live: could not start '{pathToTool}' ({e.Message}), so this build was not made live. Check the .NET SDK's installation, or set DOTNET_HOST_PATH to its dotnet executable.");
            return 0;
        }
    }

    /// <summary>
    /// The build fails only for an error the step itself reported (an unwritable obj/, as in process).
    /// A host that could not run the step is a warning: a live-update problem never fails a build.
    /// </summary>
    protected override bool HandleTaskExecutionErrors()
    {
        if (Log.HasLoggedErrors)
        {
            return false;
        }

        Log.LogWarning(null, DiagnosticCodes.StepHostFailed, null, null, 0, 0, 0, 0,
            $"dotnet-live: `{DotnetHost} exec {CommandAssembly} {Step}` exited with code {ExitCode} (the lines above say why), so this build was not made live. It needs the .NET 10 runtime or later; check `dotnet --list-runtimes`.");
        return true;
    }
}
