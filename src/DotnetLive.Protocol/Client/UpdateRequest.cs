using DotnetLive.Protocol.Messages;

namespace DotnetLive.Protocol.Client;

/// <summary>
/// What shipping a build asks of the app, as one value from the loop through <see cref="ChangeShipper"/>
/// and <see cref="SyncletClient"/> to the wire (<see cref="Kind"/>).
/// </summary>
internal abstract record UpdateRequest
{
    private UpdateRequest()
    {
    }

    /// <summary>A plain restart from new binaries.</summary>
    public static UpdateRequest Restart { get; } = new Binaries();

    /// <summary>Send every file again (a forced resync), not only what differs.</summary>
    public bool Full { get; init; }

    /// <summary>The wire's kind of update.</summary>
    public abstract UpdateKind Kind { get; }

    /// <summary>
    /// Binaries: the app restarts from them, unless it runs and every change is a file it reads live
    /// (<see cref="ReadLive"/>). <paramref name="KeepLaunch"/>: it restarts as it was last started
    /// (a Hot Reload session's app, restarted by the tool).
    /// </summary>
    public sealed record Binaries(bool KeepLaunch = false) : UpdateRequest
    {
        public override UpdateKind Kind => KeepLaunch ? UpdateKind.RestartAsLaunched : UpdateKind.Restart;
    }

    /// <summary>
    /// Files under the running app, which keeps running (it was hot-reloaded); nothing is sent when none
    /// differs. <paramref name="Only"/>: ships only the changes to the paths it accepts (null: all).
    /// </summary>
    public sealed record FilesOnly(Func<string, bool>? Only = null) : UpdateRequest
    {
        public override UpdateKind Kind => UpdateKind.FilesOnly;
    }

    /// <summary>Sources the synclet builds next to the app; <paramref name="Project"/> is relative to the source root.</summary>
    public sealed record Sources(string Project) : UpdateRequest
    {
        public override UpdateKind Kind => UpdateKind.Build;
    }

    /// <summary>A Hot Reload session's start: the app is started with <paramref name="Launch"/> even when no file differs.</summary>
    public sealed record HotReloadStart(LaunchSettings Launch) : UpdateRequest
    {
        public override UpdateKind Kind => UpdateKind.HotReloadStart;
    }
}
