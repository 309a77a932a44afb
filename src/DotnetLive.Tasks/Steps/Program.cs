using System.Text;
using DotnetLive.Tasks.Live;

namespace DotnetLive.Tasks.Steps;

/// <summary>
/// The tasks' steps as a command, for MSBuild on .NET Framework (Visual Studio): it cannot load this
/// assembly, so its build of the tasks runs <c>dotnet exec DotnetLive.Tasks.dll STEP ARGS</c> and reads
/// back the one line this writes. Same library calls as the in-process tasks.
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage: dotnet exec DotnetLive.Tasks.dll manifest OUTPUT_DIR MANIFEST CACHE
               dotnet exec DotnetLive.Tasks.dll push SESSION MANIFEST OUTPUT_DIR
        It is run by the DotnetLive.Tasks package's targets under .NET Framework MSBuild.
        """;

    public static async Task<int> Main(string[] args)
    {
        Console.OutputEncoding = Encoding.UTF8;
        var message = args switch
        {
            ["manifest", var output, var manifest, var cache] => LiveOutputs.WriteManifest(output, manifest, cache),
            ["push", var session, var manifest, var output] => await LiveDeployer.DeployAsync(session, manifest, output, CancellationToken.None).ConfigureAwait(false),
            _ => null,
        };

        if (message is null)
        {
            await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        await Console.Out.WriteLineAsync(message.ToLine()).ConfigureAwait(false);
        return message.ErrorCode is null ? 0 : 1;
    }
}
