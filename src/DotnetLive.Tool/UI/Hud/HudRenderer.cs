using System.Globalization;
using DotnetLive.Protocol.Messages;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DotnetLive.Tool.UI.Hud;

/// <summary>Draws a <see cref="HudModel"/>; a pure function of the model and the console height.</summary>
internal static class HudRenderer
{
    private const int CrashFramesShown = 8;
    private const string Keys = "[grey][[r]] restart  [[s]] resync  [[b]] rebuild  [[l]] logs  [[q]] quit[/]";
    private const string BoardKeys = "[grey][[tab]] select  [[r]] restart  [[s]] resync  [[b]] rebuild  [[l]] logs  [[q]] quit[/]";

    public static IRenderable Render(HudModel model, int height) =>
        Screen(Header(model), [model], model.Logs, model.Notices, model.LogsFullScreen, Keys, several: false, height);

    /// <summary>A session of several services: a row (per replica) for each, the failures of each, one log of them all.</summary>
    public static IRenderable Render(BoardView board, int height) =>
        Screen(BoardHeader(board), board.Services, board.Logs, board.Notices, board.LogsFullScreen, BoardKeys, several: true, height);

    /// <param name="several">Each failure is named after its service.</param>
    private static Rows Screen(Markup header, IReadOnlyList<HudModel> services, IReadOnlyList<string> logs, IReadOnlyList<string> notices, bool logsFullScreen, string keys, bool several, int height)
    {
        var parts = new List<IRenderable> { header };
        if (logsFullScreen)
        {
            parts.Add(Logs(logs, Math.Max(1, height - 6)));
            parts.Add(new Markup(keys));
            return new Rows(parts);
        }

        parts.Add(Workloads(services));
        var used = 6 + services.Sum(s => Math.Max(1, s.Replicas.Count));
        foreach (var service in services)
        {
            if (service.Errors.Count > 0)
            {
                parts.Add(Errors(service, several ? service.Project + ": " : ""));
                used += service.Errors.Count + 2;
            }

            if (service.Crash is { } crash)
            {
                parts.Add(Crash(several ? crash with { Replica = $"{service.Project}/{crash.Replica}" } : crash));
                used += Math.Min(CrashFramesShown, crash.Exception?.StackFrames.Count ?? 0) + 3;
            }
        }

        foreach (var notice in notices)
        {
            parts.Add(new Markup(Markup.Escape(notice)));
        }

        parts.Add(Logs(logs, Math.Max(3, height - used - notices.Count - 4)));
        parts.Add(new Markup(keys));
        return new Rows(parts);
    }

    private static Markup BoardHeader(BoardView board) =>
        new($"[bold]dotnet live[/] · {board.Services.Count} services → {Markup.Escape(board.Target)} · keys act on [bold]{Markup.Escape(board.Selected ?? "all")}[/]"
            + string.Concat(board.Services.SelectMany(s => s.Urls.Take(1).Select(u => $" · {Markup.Escape(s.Project)} [link]{Markup.Escape(u.ToString())}[/]")))
            + DashboardLink(board.Dashboard));

    private static Markup Header(HudModel model) =>
        new($"[bold]dotnet live[/] · {Markup.Escape(model.Project)} → {Markup.Escape(model.Target)}"
            + string.Concat(model.Urls.Select(u => $" · [link]{Markup.Escape(u.ToString())}[/]"))
            + DashboardLink(model.Dashboard));

    private static string DashboardLink(Uri? dashboard) =>
        dashboard is null ? "" : $" · dashboard [link]{Markup.Escape(dashboard.ToString())}[/]";

    private static Table Workloads(IReadOnlyList<HudModel> models)
    {
        var table = new Table().Border(TableBorder.Rounded).Expand();
        table.AddColumns("workload", "build", "runtime", "last update", "edit→serving (recent)");
        foreach (var model in models)
        {
            var last = model.History.Count > 0 ? model.History[^1] : null;
            var replicas = model.Replicas.Count > 0 ? model.Replicas : [ReplicaView.NotStarted("app")];
            for (var i = 0; i < replicas.Count; i++)
            {
                var first = i == 0;
                table.AddRow(
                    new Markup(first ? Markup.Escape($"{model.Project} ({model.Target})") : ""),
                    new Markup(first ? BuildCell(model.Build) : ""),
                    new Markup(Replica(replicas[i])),
                    new Markup(first && last is not null ? Markup.Escape(LastUpdate(last)) : first ? "[grey]none yet[/]" : ""),
                    new Markup(first ? Markup.Escape(string.Join("  ", model.History.Select(h => Ms(h.EditToServingMs)))) : ""));
            }
        }

        return table;
    }

    private static string BuildCell(BuildStatus build) => build switch
    {
        BuildStatus.Building => "[yellow]building…[/]",
        BuildStatus.Failed => "[red]failed[/]",
        _ => "[green]idle[/]",
    };

    private static string Replica(ReplicaView replica)
    {
        var color = replica.App.State switch
        {
            AppState.Ready or AppState.Running => "green",
            AppState.Crashed or AppState.Stopped => "red",
            _ => "yellow",
        };
        var pid = replica.App.Pid is { } p ? $" pid {p}" : "";
        return $"{Markup.Escape(replica.Name)}: [{color}]{Markup.Escape(replica.State)}[/]{pid} · restarts {replica.App.Restarts}";
    }

    private static string LastUpdate(UpdateSummary update) => update.HotReload
        ? $"{update.At:HH:mm:ss} hot reload, applied in {Ms(update.BuildMs)} · no restart"
        : $"{update.At:HH:mm:ss} {(update.Reason is { } reason ? "restarted (" + reason + ") · " : "")}{update.Files} file(s), {update.Bytes.ToString("N0", CultureInfo.InvariantCulture)} B · build {Ms(update.BuildMs)} · sync {Ms(update.SyncMs)} · {(update.Restarted ? "restart " + Ms(update.RestartMs) : "no restart")} · total {Ms(update.EditToServingMs)}";

    private static Panel Errors(HudModel model, string service)
    {
        var lines = model.Errors.Select(Markup.Escape);
        return new Panel(new Markup(string.Join('\n', lines))).Header($"[red]{Markup.Escape(service)}build failed: {model.Errors.Count} error(s)[/]").BorderColor(Color.Red).Expand();
    }

    private static Panel Crash(CrashView crash)
    {
        var lines = new List<string>();
        if (crash.Exception is { } exception)
        {
            lines.Add($"[bold]{Markup.Escape(exception.ExceptionType)}[/]: {Markup.Escape(exception.Message)}");
            lines.AddRange(exception.StackFrames.Take(CrashFramesShown).Select(f => "  " + Markup.Escape(f)));
        }
        else
        {
            lines.Add("no exception was printed");
        }

        return new Panel(new Markup(string.Join('\n', lines)))
            .Header($"[red]{Markup.Escape(crash.Replica)} crashed, exit code {crash.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "?"}[/]")
            .BorderColor(Color.Red)
            .Expand();
    }

    private static Panel Logs(IReadOnlyList<string> logs, int lines)
    {
        var tail = logs.Skip(Math.Max(0, logs.Count - lines)).Select(Markup.Escape);
        return new Panel(new Markup(logs.Count == 0 ? "[grey]no output yet[/]" : string.Join('\n', tail))).Header("logs").Expand();
    }

    private static string Ms(long ms) => ms.ToString("N0", CultureInfo.InvariantCulture) + " ms";
}
