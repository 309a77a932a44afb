using DotnetLive.Protocol.Changes;
using DotnetLive.Protocol.Errors;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.StaticAssets;

namespace DotnetLive.Protocol.Client;

/// <summary>
/// Ships a build's output to one synclet: plans against the manifest the synclet reports it holds
/// (the truth, not what was last sent), sends, and replans once if another update came first. The
/// tool's watch loop and the LiveDeploy build task both ship through here.
/// </summary>
internal static class ChangeShipper
{
    /// <param name="files">What to ship; placed for the synclet's file system when it says where its live release is (static web assets).</param>
    public static async Task<ShipOutcome> ShipAsync(SyncletClient client, AppFiles files, UpdateRequest request, CancellationToken ct)
    {
        var placed = client.LivePath is { } livePath ? StaticWebAssetsLayout.Place(files, livePath) : files;
        var built = placed.Manifest;
        for (var attempt = 0; ; attempt++)
        {
            var held = client.LastManifest;
            var changes = ChangeSetPlanner.Plan(request.Full ? FileManifest.Empty : held, built);
            if (request is UpdateRequest.FilesOnly { Only: { } only })
            {
                changes = new ChangeSet([.. changes.Writes.Where(w => only(w.Entry.Path))], [.. changes.Deletes.Where(only)]);
            }

            var up = client.LastApp.IsUp;
            var nothingToDo = changes.IsEmpty && request switch
            {
                UpdateRequest.HotReloadStart => false,
                UpdateRequest.FilesOnly => true,
                _ => up, // A stopped or crashed app is started again.
            };
            if (nothingToDo)
            {
                return new ShipOutcome(changes, null, null, Restarted: false);
            }

            // Binaries that are all read live go under the running app: no restart.
            var sent = request is UpdateRequest.Binaries && up && ReadLive.Covers(changes) ? new UpdateRequest.FilesOnly() : request;
            var applied = await client.ApplyAsync(changes, held.Digest(), placed, sent, ct).ConfigureAwait(false);
            var restarted = sent.Kind != UpdateKind.FilesOnly;
            if (applied.Error is null)
            {
                return new ShipOutcome(changes, applied, null, restarted);
            }

            // A source update whose build failed: the sources arrived; the answer carries the compiler's errors.
            if (applied.Error.Code == DiagnosticCodes.SyncletBuildFailed)
            {
                return new ShipOutcome(changes, applied, applied.Error);
            }

            // Stale: the answer carried what the synclet really holds; plan again against that, once.
            if (applied.Error.Code != DiagnosticCodes.Stale || attempt > 0)
            {
                return new ShipOutcome(changes, null, applied.Error);
            }
        }
    }
}
