namespace DotnetLive.Tool.UI.Hud;

internal enum BuildStatus
{
    Idle,
    Building,
    Failed,
}
