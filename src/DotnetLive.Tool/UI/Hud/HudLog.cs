namespace DotnetLive.Tool.UI.Hud;

/// <summary>
/// The log lines and notices of a session of several services, in the order they came, each tagged with
/// its service: the services' <see cref="HudReporter"/>s write here instead of into their own models.
/// </summary>
internal sealed class HudLog
{
    private readonly Lock _gate = new();
    private IReadOnlyList<string> _lines = [];
    private IReadOnlyList<string> _notices = [];

    public event Action? Changed;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return _lines;
            }
        }
    }

    public IReadOnlyList<string> Notices
    {
        get
        {
            lock (_gate)
            {
                return _notices;
            }
        }
    }

    public void Line(string text) => Update(() => _lines = [.. _lines.TakeLast(HudModel.LogsKept - 1), text]);

    public void Notice(string text) => Update(() => _notices = [.. _notices.TakeLast(HudModel.NoticesKept - 1), text]);

    private void Update(Action change)
    {
        lock (_gate)
        {
            change();
        }

        Changed?.Invoke();
    }
}
