namespace DotnetLive.Tool.UI.Hud;

/// <summary>Everything the heads-up display shows, as plain data: the reporter fills it, the renderer draws it.</summary>
internal sealed record HudModel(
    string Project,
    string Target,
    IReadOnlyList<Uri> Urls,
    BuildStatus Build,
    IReadOnlyList<ReplicaView> Replicas,
    IReadOnlyList<UpdateSummary> History,
    IReadOnlyList<string> Errors,
    CrashView? Crash,
    IReadOnlyList<string> Logs,
    IReadOnlyList<string> Notices,
    bool LogsFullScreen,
    Uri? Dashboard = null)
{
    public const int HistoryKept = 5;
    public const int LogsKept = 500;
    public const int NoticesKept = 3;

    public static HudModel Start(string project, string target) =>
        new(project, target, [], BuildStatus.Idle, [], [], [], null, [], [], LogsFullScreen: false);
}
