using DotnetLive.Protocol.Errors;
using DotnetLive.Protocol.Sessions;
using Microsoft.Build.Framework;

namespace DotnetLive.Tasks;

/// <summary>
/// Before a LiveDeploy build writes anything, while a `dotnet live` session runs: takes the project's
/// <see cref="BuildLock"/>, waiting while the tool builds. <see cref="ReleaseLiveBuildLock"/> lets it go
/// when the project is built; if the build fails first, MSBuild disposes it at the end of the build.
/// Never fails a build. One class for both task builds: it needs only the BCL.
/// </summary>
public sealed class AcquireLiveBuildLock : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly CancellationTokenSource _cancel = new();

    [Required]
    public string LockPath { get; set; } = "";

    public void Cancel() => _cancel.Cancel();

    public override bool Execute()
    {
        var key = Key(LockPath);
        if (BuildEngine4.GetRegisteredTaskObject(key, RegisteredTaskObjectLifetime.Build) is not null)
        {
            return true; // This build holds it already (the project built twice in one build).
        }

        try
        {
            var held = BuildLock.AcquireAsync(LockPath, Timeout, () => Log.LogMessage(MessageImportance.High, "dotnet-live: waiting for another build of this project to finish (`dotnet live` builds it after each save)…"), _cancel.Token)
                .GetAwaiter().GetResult();
            if (held is null)
            {
                Log.LogWarning(null, DiagnosticCodes.BuildLockNotTaken, null, null, 0, 0, 0, 0,
                    $"dotnet-live: another build of this project was still running after {Timeout.TotalMinutes} minutes; building anyway.");
                return true;
            }

            BuildEngine4.RegisterTaskObject(key, held, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
            Log.LogMessage(MessageImportance.Normal, $"dotnet-live: took the build lock '{LockPath}': `dotnet live` waits while this project builds.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogWarning(null, DiagnosticCodes.BuildLockNotTaken, null, null, 0, 0, 0, 0, $"dotnet-live: could not take the build lock '{LockPath}' ({e.Message}); building without it.");
        }
        catch (OperationCanceledException)
        {
            // The build was cancelled while waiting.
        }

        return true;
    }

    /// <summary>Where the held lock is registered with MSBuild.</summary>
    internal static string Key(string lockPath) => "DotnetLive.BuildLock:" + lockPath;
}
