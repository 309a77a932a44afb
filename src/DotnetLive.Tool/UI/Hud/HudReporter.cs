using DotnetLive.Protocol.Messages;
using DotnetLive.Tool.Build;

namespace DotnetLive.Tool.UI.Hud;

/// <summary>
/// Turns the session's events into the next <see cref="HudModel"/>. Thread-safe: events come from the
/// loop and from the synclet connection; <see cref="Changed"/> tells the display to draw again.
/// </summary>
internal sealed class HudReporter(bool verbose) : IReporter
{
    private readonly Lock _gate = new();
    private HudModel _model = HudModel.Start("", "");

    public event Action? Changed;

    public HudModel Model
    {
        get
        {
            lock (_gate)
            {
                return _model;
            }
        }
    }

    public void Info(MessageDescriptor message, params object?[] args) => Notice(message.Render(args));

    public void Error(MessageDescriptor message, params object?[] args) => Notice("error " + message.Render(args));

    public void Error(string text) => Notice("error " + text);

    public void Verbose(string text)
    {
        if (verbose)
        {
            Notice(text);
        }
    }

    /// <summary>What the session runs, once the project is evaluated and the target chosen.</summary>
    public void Describe(string project, string target, IReadOnlyList<Uri> urls) => Update(m => m with { Project = project, Target = target, Urls = urls });

    public void ToggleLogs() => Update(m => m with { LogsFullScreen = !m.LogsFullScreen });

    public void Building(string project) => Update(m => m with { Build = BuildStatus.Building });

    public void BuildSucceeded() => Update(m => m with { Build = BuildStatus.Idle, Errors = [] });

    public void BuildFailed(IReadOnlyList<BuildDiagnostic> errors, string projectDirectory) =>
        Update(m => m with { Build = BuildStatus.Failed, Errors = errors.Select(e => e.Format(projectDirectory)).ToList() });

    public void Updated(UpdateSummary update) =>
        Update(m => m with { Build = BuildStatus.Idle, Errors = [], History = [.. m.History.TakeLast(HudModel.HistoryKept - 1), update] });

    public void HotReloaded(UpdateSummary update, string text)
    {
        Updated(update);
        Notice(Messages.HotReloaded.Render(text));
    }

    public void App(AppEvent appEvent) => Update(m => appEvent.Kind switch
    {
        AppEventKinds.Stdout or AppEventKinds.Stderr when appEvent.Text is { } text =>
            m with { Logs = [.. m.Logs.TakeLast(HudModel.LogsKept - 1), $"[{Replica(m).Name}] {text}"] },
        AppEventKinds.Started => m with { Replicas = [Replica(m) with { State = "running", Pid = appEvent.Pid, Restarts = Replica(m).State == "not started" ? 0 : Replica(m).Restarts + 1 }] },
        AppEventKinds.Ready => m with { Replicas = [Replica(m) with { State = "ready" }], Crash = null },
        AppEventKinds.Exited when appEvent.Text is null && appEvent.ExitCode != 0 =>
            m with { Replicas = [Replica(m) with { State = "crashed", Pid = null }], Crash = new CrashView(Replica(m).Name, appEvent.ExitCode, appEvent.Crash) },
        AppEventKinds.Exited => m with { Replicas = [Replica(m) with { State = appEvent.Text is null ? "exited" : "restarting", Pid = null }] },
        _ => m,
    });

    private ReplicaView Replica(HudModel model) =>
        model.Replicas.Count > 0 ? model.Replicas[0] : new ReplicaView(model.Target == "docker" ? "container" : "app", "not started", 0, null);

    private void Notice(string text) => Update(m => m with { Notices = [.. m.Notices.TakeLast(HudModel.NoticesKept - 1), text] });

    private void Update(Func<HudModel, HudModel> change)
    {
        lock (_gate)
        {
            _model = change(_model);
        }

        Changed?.Invoke();
    }
}
