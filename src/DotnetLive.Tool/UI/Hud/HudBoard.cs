using System.Threading.Channels;
using Spectre.Console.Rendering;

namespace DotnetLive.Tool.UI.Hud;

/// <summary>
/// The display of a session: one <see cref="HudReporter"/> per service (a single project is one
/// service, drawn as it always was), the keys' commands sent to the selected service or to all, and
/// for several services one log of them all.
/// </summary>
internal sealed class HudBoard
{
    private readonly bool _verbose;
    private readonly List<(HudReporter Hud, ChannelWriter<LoopCommand> Commands)> _services = [];
    private readonly HudLog _log = new();
    private bool _logsFullScreen;
    private string _target = "";
    private Uri? _dashboard;

    /// <summary>-1: the keys act on every service; else on that one.</summary>
    private int _selected = -1;

    public HudBoard(bool verbose)
    {
        _verbose = verbose;
        _log.Changed += () => Changed?.Invoke();
    }

    public event Action? Changed;

    /// <summary>Adds a service's row(s); call for every service before the display starts.</summary>
    public HudReporter Add(string service, string target, ChannelWriter<LoopCommand> commands, bool several)
    {
        var hud = several ? new HudReporter(_verbose, _log, service) : new HudReporter(_verbose);
        hud.Describe(service, target, []);
        _target = target;
        hud.Changed += () => Changed?.Invoke();
        _services.Add((hud, commands));
        return hud;
    }

    /// <summary>The r, s and b keys: to the selected service, or to every one.</summary>
    public void Send(LoopCommand command)
    {
        var selected = Volatile.Read(ref _selected);
        for (var i = 0; i < _services.Count; i++)
        {
            if (selected < 0 || selected == i)
            {
                _services[i].Commands.TryWrite(command);
            }
        }
    }

    /// <summary>The dashboard's login page, in the header.</summary>
    public void ShowDashboard(Uri loginUrl)
    {
        _dashboard = loginUrl;
        Changed?.Invoke();
    }

    /// <summary>The tab key: all services, then each in turn.</summary>
    public void SelectNext()
    {
        var next = Volatile.Read(ref _selected) + 1;
        Volatile.Write(ref _selected, next >= _services.Count ? -1 : next);
        Changed?.Invoke();
    }

    public void ToggleLogs()
    {
        if (_services.Count == 1)
        {
            _services[0].Hud.ToggleLogs();
            return;
        }

        _logsFullScreen = !_logsFullScreen;
        Changed?.Invoke();
    }

    public IRenderable Render(int height)
    {
        if (_services.Count == 1)
        {
            return HudRenderer.Render(_services[0].Hud.Model with { Dashboard = _dashboard }, height);
        }

        var selected = Volatile.Read(ref _selected);
        return HudRenderer.Render(new BoardView(_target, [.. _services.Select(s => s.Hud.Model)], selected < 0 ? null : _services[selected].Hud.Model.Project, _log.Lines, _log.Notices, _logsFullScreen, _dashboard), height);
    }
}

/// <summary>What the display of several services shows: each service's model, the selected one, the shared log.</summary>
internal sealed record BoardView(string Target, IReadOnlyList<HudModel> Services, string? Selected, IReadOnlyList<string> Logs, IReadOnlyList<string> Notices, bool LogsFullScreen, Uri? Dashboard = null);
