using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Messages;

namespace DotnetLive.Tool.UI;

/// <summary>What one update shipped and what it cost.</summary>
/// <param name="HotReload">Applied in place by Hot Reload: nothing shipped, no restart; <see cref="BuildMs"/> and <see cref="EditToServingMs"/> are dotnet watch's time to apply it.</param>
/// <param name="Restarted">False: the files went under the running app, which read them live (static web assets, appsettings.json).</param>
/// <param name="Reason">A Hot Reload session's restart: why the edit was not applied in place (a rude edit, start-up code, an app that had crashed).</param>
internal sealed record UpdateSummary(DateTimeOffset At, int Files, long Bytes, long BuildMs, long SyncMs, long RestartMs, long EditToServingMs, IReadOnlyList<string> Shipped, bool HotReload = false, bool Restarted = true, string? Reason = null)
{
    /// <summary>What shipping <paramref name="outcome"/> (answered by <paramref name="applied"/>) did, after a build of <paramref name="buildMs"/>.</summary>
    public static UpdateSummary Of(ShipOutcome outcome, AppliedMessage applied, long buildMs, long editToServingMs) => new(
        DateTimeOffset.Now,
        outcome.Changes.Writes.Count + outcome.Changes.Deletes.Count,
        outcome.Changes.UploadBytes,
        buildMs,
        applied.ReceiveMs + applied.SwapMs,
        applied.RestartMs,
        editToServingMs,
        [.. outcome.Changes.Uploads.Select(w => w.Entry.Path), .. outcome.Changes.Deletes.Select(d => "-" + d)],
        Restarted: outcome.Restarted);

    public static UpdateSummary HotReloaded(DateTimeOffset at, long appliedMs) => new(at, 0, 0, appliedMs, 0, 0, appliedMs, [], HotReload: true);
}
