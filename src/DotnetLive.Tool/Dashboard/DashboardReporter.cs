using System.Globalization;
using DotnetLive.Protocol.Messages;
using DotnetLive.Tool.UI;
using DotnetLive.Tool.UI.Hud;

namespace DotnetLive.Tool.Dashboard;

/// <summary>
/// One service's events as its dashboard resource: its state (building, build failed, starting,
/// running, restarting, crashed, exited) from the build and the app, its pods as child resources, the
/// app's output and the tool's own lines as its console log, and its last update with the path it took.
/// </summary>
/// <param name="isWeb">A web app runs once it answers; another app as soon as it has started.</param>
internal sealed class DashboardReporter(SessionResources resources, string service, bool isWeb, bool verbose) : IReporter
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AppStatus> _apps = new(StringComparer.Ordinal);
    private BuildStatus _build = BuildStatus.Idle;

    public void Info(MessageDescriptor message, params object?[] args) => Tool(message.Render(args), stdErr: false);

    public void Error(MessageDescriptor message, params object?[] args) => Tool(message.Render(args), stdErr: true);

    public void Error(string text) => Tool(text, stdErr: true);

    public void Verbose(string text)
    {
        if (verbose)
        {
            Tool(text, stdErr: false);
        }
    }

    public void Building(string project)
    {
        Tool(Messages.Building.Render(Path.GetFileName(project)), stdErr: false);
        Build(BuildStatus.Building, null);
    }

    public void BuildSucceeded() => Build(BuildStatus.Idle, null);

    public void BuildFailed(IReadOnlyList<BuildDiagnostic> errors, string projectDirectory)
    {
        foreach (var error in errors)
        {
            Tool(error.Format(projectDirectory), stdErr: true);
        }

        Build(BuildStatus.Failed, string.Create(CultureInfo.InvariantCulture, $"failed: {errors.Count} error(s)"));
    }

    public void Updated(UpdateSummary update)
    {
        var path = update.HotReload ? "hot reload" : update.Restarted ? "restart" : "in place";
        var text = string.Create(CultureInfo.InvariantCulture, $"{path}{(update.Reason is { } reason ? $" ({reason})" : "")} · {update.Files} file(s) · edit→serving {update.EditToServingMs} ms · {update.At.ToLocalTime():HH:mm:ss}");
        Tool("updated: " + text, stdErr: false);
        lock (_gate)
        {
            _build = BuildStatus.Idle;
            resources.Update(service, r => Stated(r.With(ResourceView.Property.LastUpdate, text).With(ResourceView.Property.Build, null), App(null)));
        }
    }

    public void HotReloaded(UpdateSummary update, string text) => Updated(update);

    public void App(AppEvent appEvent, string? replica = null)
    {
        if (!appEvent.IsLifecycle)
        {
            if (appEvent.Text is { } text)
            {
                var stdErr = appEvent.Kind == AppEventKind.Stderr;
                resources.Log(service, replica is null ? text : $"[{replica}] {text}", stdErr);
                if (replica is not null)
                {
                    resources.Log(replica, text, stdErr);
                }
            }

            return;
        }

        lock (_gate)
        {
            var status = App(replica).After(appEvent);
            _apps[replica ?? ""] = status;
            resources.Update(service, r => Stated(Lifecycle(r, appEvent, status), status));
            if (replica is not null)
            {
                resources.Update(replica, r => Stated(Lifecycle(r, appEvent, status), status, build: false), ResourceView.Pod(replica, service, appEvent.At));
            }
        }

        if (appEvent.Crash is { } crash)
        {
            Tool($"crashed: {crash.ExceptionType}: {crash.Message}", stdErr: true);
        }
    }

    /// <summary>A child resource per connected pod; a pod that went is removed.</summary>
    public void ReplicasConnected(IReadOnlyList<string> replicas)
    {
        var now = DateTimeOffset.Now;
        lock (_gate)
        {
            foreach (var replica in replicas)
            {
                resources.Update(replica, r => r, ResourceView.Pod(replica, service, now));
            }

            foreach (var gone in _apps.Keys.Where(k => k.Length > 0 && !replicas.Contains(k)).ToList())
            {
                _apps.Remove(gone);
            }

            resources.RemoveWhere(r => r.Parent == service && !replicas.Contains(r.Name));
        }
    }

    /// <summary>The tool's own lines, in the service's log as the HUD shows them.</summary>
    private void Tool(string text, bool stdErr) => resources.Log(service, "[dotnet live] " + text, stdErr);

    private void Build(BuildStatus build, string? property)
    {
        lock (_gate)
        {
            _build = build;
            resources.Update(service, r => Stated(r.With(ResourceView.Property.Build, property), App(null)));
        }
    }

    /// <summary>The app's status: the one process or container, else the first pod's.</summary>
    private AppStatus App(string? replica) =>
        _apps.TryGetValue(replica ?? "", out var status) ? status
        : replica is null && _apps.Count > 0 ? _apps.Values.First()
        : AppStatus.NotStarted;

    private static ResourceView Lifecycle(ResourceView resource, AppEvent appEvent, AppStatus status) => appEvent.Kind switch
    {
        AppEventKind.Started => (resource with { StartedAt = appEvent.At, StoppedAt = null })
            .With(ResourceView.Property.Pid, status.Pid?.ToString(CultureInfo.InvariantCulture))
            .With(ResourceView.Property.Restarts, status.Restarts.ToString(CultureInfo.InvariantCulture))
            .With(ResourceView.Property.ExitCode, null),
        AppEventKind.Exited => (resource with { StoppedAt = appEvent.At })
            .With(ResourceView.Property.Pid, null)
            .With(ResourceView.Property.ExitCode, appEvent.ExitCode?.ToString(CultureInfo.InvariantCulture)),
        _ => resource,
    };

    /// <summary>The state shown: a build running or failed wins over the app's, which it leaves as it was.</summary>
    private ResourceView Stated(ResourceView resource, AppStatus app, bool build = true) => (build ? _build : BuildStatus.Idle, app.State) switch
    {
        (BuildStatus.Building, _) => resource with { State = "Building", StateStyle = "info" },
        (BuildStatus.Failed, _) => resource with { State = "Build failed", StateStyle = "error" },
        (_, AppState.NotStarted) => resource with { State = "Starting", StateStyle = "info" },
        (_, AppState.Running) when isWeb => resource with { State = "Starting", StateStyle = "info" },
        (_, AppState.Running or AppState.Ready) => resource with { State = "Running", StateStyle = "success" },
        (_, AppState.Stopped) => resource with { State = "Restarting", StateStyle = "info" },
        (_, AppState.Exited) => resource with { State = "Exited", StateStyle = "warning" },
        _ => resource with { State = "Crashed", StateStyle = "error" },
    };
}
