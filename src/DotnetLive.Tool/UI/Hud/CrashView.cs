using DotnetLive.Protocol.Messages;

namespace DotnetLive.Tool.UI.Hud;

/// <summary>The last crash, shown until the app starts successfully again.</summary>
internal sealed record CrashView(string Replica, int? ExitCode, CrashReport? Exception);
