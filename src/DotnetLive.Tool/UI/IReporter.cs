using DotnetLive.Protocol.Messages;

namespace DotnetLive.Tool.UI;

/// <summary>
/// Everything the session tells the user, as events: plain timestamped lines (<see cref="PlainReporter"/>),
/// the heads-up display (<see cref="Hud.HudReporter"/>) or JSON lines (<see cref="JsonReporter"/>) render them.
/// </summary>
internal interface IReporter
{
    void Info(MessageDescriptor message, params object?[] args);

    void Error(MessageDescriptor message, params object?[] args);

    void Error(string text);

    void Verbose(string text);

    void Building(string project);

    void BuildSucceeded();

    void BuildFailed(IReadOnlyList<BuildDiagnostic> errors, string projectDirectory);

    void Updated(UpdateSummary update);

    /// <summary>An edit applied in place by Hot Reload; <paramref name="text"/> is the engine's own line.</summary>
    void HotReloaded(UpdateSummary update, string text);

    /// <param name="replica">The pod it comes from, when the app runs as several; null for the one local process or container.</param>
    void App(AppEvent appEvent, string? replica = null);

    /// <summary>The instances of the app the session is connected to now (the ready pods).</summary>
    void ReplicasConnected(IReadOnlyList<string> replicas);
}
