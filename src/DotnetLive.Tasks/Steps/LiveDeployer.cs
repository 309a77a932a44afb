using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Sessions;
using DotnetLive.Tasks.Live;

namespace DotnetLive.Tasks.Steps;

/// <summary>What <see cref="PushLiveChangeSet"/> does, apart from MSBuild: find the session, connect, ship, say what happened.</summary>
internal static class LiveDeployer
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static async Task<LiveMessage> DeployAsync(string sessionPath, string manifestPath, string outputDirectory, CancellationToken ct)
    {
        if (LiveSessionFile.Read(sessionPath, out var problem) is not { } session)
        {
            if (problem is not null)
            {
                return new LiveMessage(LiveImportance.High, $"dotnet-live: ignored the session file '{sessionPath}': {problem}. This build was not deployed. Delete the file and run `dotnet live` again.");
            }

            return new LiveMessage(LiveImportance.Normal, "dotnet-live: no live session for this project, so this build was not deployed. Run `dotnet live` in the project folder to start one.");
        }

        if (!LiveSessionFile.IsAlive(session))
        {
            return new LiveMessage(LiveImportance.Normal, $"dotnet-live: ignored the stale session file '{sessionPath}' (the dotnet live process {session.ToolProcessId} has ended). Run `dotnet live` to start a new session.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var client = await SyncletClient.ConnectTcpAsync(session.Host, session.Port, session.Token, "LiveDeploy", StoreKind.App, static _ => { }, timeout.Token).ConfigureAwait(false);
            var outcome = await ChangeShipper.ShipAsync(client, new AppFiles(outputDirectory, ManifestFile.Read(manifestPath)), UpdateRequest.Restart, timeout.Token).ConfigureAwait(false);
            return outcome switch
            {
                { Refusal: { } refusal } => new LiveMessage(LiveImportance.High, $"dotnet-live: the synclet refused the update ({refusal.Code}: {refusal.Message})"),
                { Applied: null } => new LiveMessage(LiveImportance.Normal, $"dotnet-live: the running app ({session.Target}) is already up to date."),
                { Applied: { } applied } => new LiveMessage(LiveImportance.High,
                    $"dotnet-live: updated the running app ({session.Target}): {outcome.Changes.Writes.Count + outcome.Changes.Deletes.Count} file(s), {outcome.Changes.UploadBytes} bytes shipped, restart {applied.RestartMs} ms, app {applied.App.State.ToString().ToLowerInvariant()}."),
            };
        }
        catch (SyncletRefusedException e)
        {
            return new LiveMessage(LiveImportance.High, $"dotnet-live: the synclet refused this build ({e.Error.Code}: {e.Error.Message}); nothing was shipped.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Whatever went wrong, a deploy problem never fails the build.
            return new LiveMessage(LiveImportance.High, $"dotnet-live: could not ship this build to the synclet at {session.Host}:{session.Port} ({e.Message}); nothing was shipped. `dotnet live` resyncs on its next update.");
        }
    }
}
