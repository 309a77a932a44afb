using DotnetLive.Protocol.Changes;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Protocol.Messages;

namespace DotnetLive.Protocol.Client;

/// <summary>
/// Ships a build's output to one synclet: plans against the manifest the synclet reports it holds
/// (the truth, not what was last sent), sends, and replans once if another update came first. The
/// tool's watch loop and the LiveDeploy build task both ship through here.
/// </summary>
internal static class ChangeShipper
{
    private const string StaleCode = "DLIVE5007";

    /// <summary>The refusal that still has an answer to read (<see cref="AppliedMessage.BuildErrors"/>).</summary>
    public const string BuildFailedCode = "DLIVE5012";

    /// <param name="files">What to ship; placed for the synclet's file system when it says where its live release is (static web assets).</param>
    /// <param name="full">Send every file again (a forced resync), not only what differs.</param>
    /// <param name="launch">How the app is started by this update (a Hot Reload session); it is restarted with it even when no file differs.</param>
    /// <param name="restart">False: only move the files (the running app was hot-reloaded); nothing is sent when none differs. True: the app is restarted, unless it runs and every change is a file it reads live (<see cref="ReadLive"/>).</param>
    /// <param name="only">Ships only the changes to the paths it accepts (the static web assets of a hot-reloaded app, whose binaries are dotnet watch's business).</param>
    /// <param name="build">Source updates: the project (relative to the source root) the synclet builds next to the app.</param>
    /// <param name="keepLaunch">A restart keeps the launch the app last had (a Hot Reload session's app, restarted by the tool).</param>
    public static async Task<ShipOutcome> ShipAsync(SyncletClient client, AppFiles files, CancellationToken ct, bool full = false, LaunchSettings? launch = null, bool restart = true, string? build = null, Func<string, bool>? only = null, bool keepLaunch = false)
    {
        var placed = client.LivePath is { } livePath ? files.PlacedAt(livePath) : files;
        var built = placed.Manifest;
        for (var attempt = 0; ; attempt++)
        {
            var held = client.LastManifest;
            var changes = ChangeSetPlanner.Plan(full ? FileManifest.Empty : held, built);
            if (only is not null)
            {
                changes = new ChangeSet([.. changes.Writes.Where(w => only(w.Entry.Path))], [.. changes.Deletes.Where(only)]);
            }

            if (changes.IsEmpty && launch is null && (!restart || client.LastApp.State is AppStates.Running or AppStates.Ready))
            {
                return new ShipOutcome(changes, null, null, Restarted: false);
            }

            var restarts = restart && !(launch is null && build is null && ReadLive.Covers(changes) && client.LastApp.State is AppStates.Running or AppStates.Ready);
            var applied = await client.ApplyAsync(changes, held.Digest(), placed, ct, launch, restarts, build, keepLaunch).ConfigureAwait(false);
            if (applied.Error is null)
            {
                return new ShipOutcome(changes, applied, null, restarts);
            }

            // A source update whose build failed: the sources arrived; the answer carries the compiler's errors.
            if (applied.Error.Code == BuildFailedCode)
            {
                return new ShipOutcome(changes, applied, applied.Error);
            }

            // Stale: the answer carried what the synclet really holds; plan again against that, once.
            if (applied.Error.Code != StaleCode || attempt > 0)
            {
                return new ShipOutcome(changes, null, applied.Error);
            }
        }
    }
}
