using DotnetLive.Protocol.StaticAssets;

namespace DotnetLive.Protocol.Changes;

/// <summary>
/// Files a running app reads as they change, so an update made only of them needs no restart, as the
/// same edit needs none in the project folder: the configuration files the host reloads on change
/// (<c>appsettings*.json</c>, next to the app) and the static web assets, served through the live
/// release's link (<see cref="StaticWebAssetsLayout"/>). A new or deleted asset changes the build's
/// endpoints manifest too, which is read at start-up, so such an update restarts.
/// </summary>
internal static class ReadLive
{
    public static bool Covers(ChangeSet changes) =>
        !changes.IsEmpty && changes.Writes.All(w => IsReadLive(w.Entry.Path)) && changes.Deletes.All(IsReadLive);

    public static bool IsReadLive(string path) =>
        StaticWebAssetsLayout.IsAsset(path)
        || (!path.Contains('/', StringComparison.Ordinal) && path.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase));
}
