using DotnetLive.Protocol.Changes;
using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Protocol.Messages;

namespace DotnetLive.Testing;

/// <summary>What the tests send a synclet most: a folder's files as the app, and a restart.</summary>
internal static class SyncletShipping
{
    /// <summary>Ships what <paramref name="directory"/> holds that the synclet lacks and restarts the app; the synclet's answer.</summary>
    public static Task<AppliedMessage> RestartWithAsync(this SyncletClient client, string directory) =>
        client.ApplyAsync(ChangeSetPlanner.Plan(client.LastManifest, ManifestBuilder.Build(directory)), client.LastManifest.Digest(), new AppFiles(directory), UpdateRequest.Restart, CancellationToken.None);
}
