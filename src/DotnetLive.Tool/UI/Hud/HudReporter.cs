using DotnetLive.Protocol.Messages;

namespace DotnetLive.Tool.UI.Hud;

/// <summary>
/// Turns one service's events into the next <see cref="HudModel"/>. Thread-safe: events come from the
/// loop and from the synclet connection; <see cref="Changed"/> tells the display to draw again.
/// </summary>
/// <param name="shared">In a session of several services: where its log lines and notices go, tagged with <paramref name="service"/>, instead of into its model.</param>
internal sealed class HudReporter(bool verbose, HudLog? shared = null, string service = "") : IReporter
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

    public void App(AppEvent appEvent, string? replica = null) => Update(m =>
    {
        var current = Replica(m, replica);
        if (!appEvent.IsLifecycle)
        {
            if (appEvent.Text is not { } text)
            {
                return m;
            }

            if (shared is not null)
            {
                shared.Line(replica is null ? $"[{service}] {text}" : $"[{service}/{replica}] {text}");
                return m;
            }

            return m with { Logs = [.. m.Logs.TakeLast(HudModel.LogsKept - 1), $"[{current.Name}] {text}"] };
        }

        var next = With(m, current with { App = current.App.After(appEvent) });
        return next.Replicas.First(r => r.Name == current.Name).App.State switch
        {
            AppState.Ready => next with { Crash = null },
            AppState.Crashed => next with { Crash = new CrashView(current.Name, appEvent.ExitCode, appEvent.Crash) },
            _ => next,
        };
    });

    /// <summary>One row per pod connected; a pod seen before keeps its state, one that went is dropped.</summary>
    public void ReplicasConnected(IReadOnlyList<string> replicas) => Update(m => m with
    {
        Replicas = [.. replicas.Select(name => m.Replicas.FirstOrDefault(r => r.Name == name) ?? ReplicaView.NotStarted(name))],
    });

    /// <summary>The named instance, or (single-instance targets) the one there is.</summary>
    private static ReplicaView Replica(HudModel model, string? name) =>
        name is not null
            ? model.Replicas.FirstOrDefault(r => r.Name == name) ?? ReplicaView.NotStarted(name)
            : model.Replicas.Count > 0 ? model.Replicas[0] : ReplicaView.NotStarted(model.Target == "docker" ? "container" : "app");

    private static HudModel With(HudModel model, ReplicaView replica) => model with
    {
        Replicas = model.Replicas.Any(r => r.Name == replica.Name)
            ? [.. model.Replicas.Select(r => r.Name == replica.Name ? replica : r)]
            : [.. model.Replicas, replica],
    };

    private void Notice(string text)
    {
        if (shared is not null)
        {
            shared.Notice($"{service}: {text}");
            return;
        }

        Update(m => m with { Notices = [.. m.Notices.TakeLast(HudModel.NoticesKept - 1), text] });
    }

    private void Update(Func<HudModel, HudModel> change)
    {
        lock (_gate)
        {
            _model = change(_model);
        }

        Changed?.Invoke();
    }
}
