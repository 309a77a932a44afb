using DotnetLive.Protocol.Sessions;
using Microsoft.Build.Framework;

namespace DotnetLive.Tasks;

/// <summary>
/// After a LiveDeploy build of the project (and its push): lets go of the <see cref="BuildLock"/> that
/// <see cref="AcquireLiveBuildLock"/> took, so that `dotnet live` need not wait for the rest of a larger
/// build (a solution, `dotnet test`). One class for both task builds.
/// </summary>
public sealed class ReleaseLiveBuildLock : Microsoft.Build.Utilities.Task
{
    [Required]
    public string LockPath { get; set; } = "";

    public override bool Execute()
    {
        (BuildEngine4.UnregisterTaskObject(AcquireLiveBuildLock.Key(LockPath), RegisteredTaskObjectLifetime.Build) as BuildLock)?.Dispose();
        return true;
    }
}
