using DotnetLive.Tool.UI;
using static DotnetLive.Tool.HotReload.WatchDecision;

namespace DotnetLive.Tool.HotReload;

/// <summary>
/// What dotnet watch's lines (<see cref="WatchLine"/> classifies them) mean to a Hot Reload session, as
/// decisions the loop carries out. It keeps what the lines leave behind — the compile errors gathered,
/// the relay's started line held until dotnet watch watches, when it said so — and nothing else: no
/// process, clock or reporter, so every decision can be checked without them. The stdout and stderr
/// readers call it at once.
/// </summary>
internal sealed class WatchEvents
{
    private readonly Lock _gate = new();
    private readonly List<BuildDiagnostic> _errors = [];
    private bool _errorsShown;
    private long _errorsVersion;

    /// <summary>The relay's started line, held until dotnet watch watches the saves (only from then on is an edit hot-reloaded).</summary>
    private string? _started;
    private bool _watching;
    private long _watchingAt = long.MaxValue;

    /// <summary>When the running engine session said it watches (a Stopwatch timestamp; long.MaxValue until it does).</summary>
    public long WatchingAt
    {
        get
        {
            lock (_gate)
            {
                return _watchingAt;
            }
        }
    }

    public IReadOnlyList<WatchDecision> Read(string line, WatchClock clock)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return [];
        }

        var (kind, text) = WatchLine.Classify(line);
        lock (_gate)
        {
            return kind switch
            {
                WatchLineKind.HotReloaded => [.. ClearErrors(), new ReportHotReloaded(text, WatchLine.Milliseconds(text)), new ScheduleFollow()],

                // The tool ships the file itself (SavedFiles); dotnet watch has told an open browser.
                WatchLineKind.StaticAssets => [new Verbose(text)],
                WatchLineKind.RudeEdit => [new CancelFollow(), new Verbose(text), new RestartBeside(Why(text))],
                WatchLineKind.Error when BuildDiagnostic.Parse(text) is { } diagnostic => AddError(diagnostic),
                WatchLineKind.Error => [new ReportError(text)],
                WatchLineKind.Started => [.. ClearErrors(), new ReadStartupCode(), .. Ready(started: text)],
                WatchLineKind.Relay => [new SayRelay(text)],
                WatchLineKind.Watching => [new Verbose(text), .. Watching(clock)],
                WatchLineKind.WatchLimit => [new Verbose(text), new GiveUpHotReload(text)],
                _ => [new Verbose(text)],
            };
        }
    }

    /// <summary>A dotnet watch session is starting: until it watches, its relay's started line waits, and so do edits.</summary>
    public void NotWatching()
    {
        lock (_gate)
        {
            (_started, _watching, _watchingAt) = (null, false, long.MaxValue);
        }
    }

    /// <summary>
    /// The errors to show once the lines stopped after <see cref="GatherErrors"/> <paramref name="version"/>;
    /// null when another error came since, or a good compile ended them.
    /// </summary>
    public IReadOnlyList<BuildDiagnostic>? ErrorsQuiet(long version)
    {
        lock (_gate)
        {
            if (version != _errorsVersion)
            {
                return null;
            }

            _errorsShown = true;
            return [.. _errors];
        }
    }

    /// <summary>What the update line says of a rude edit: its code and place when dotnet watch names them.</summary>
    private static string Why(string text) =>
        BuildDiagnostic.Parse(text) is { Code: { } code } rude ? $"{code} {Path.GetFileName(rude.File)}:{rude.Line}: {rude.Message}" : text;

    /// <summary>
    /// dotnet watch prints a failed compile's errors one line at a time (and each twice: once from the
    /// compiler, once in its summary): they are shown together, as the HUD's build errors, once the lines stop.
    /// </summary>
    private WatchDecision[] AddError(BuildDiagnostic diagnostic)
    {
        if (_errors.Contains(diagnostic))
        {
            return [];
        }

        _errors.Add(diagnostic);
        return [new GatherErrors(++_errorsVersion)];
    }

    /// <summary>A good compile (an edit applied, or the app started from a good build) ends the errors shown.</summary>
    private WatchDecision[] ClearErrors()
    {
        var shown = _errorsShown;
        _errors.Clear();
        _errorsShown = false;
        _errorsVersion++;
        return shown ? [new ReportBuildSucceeded()] : [];
    }

    private WatchDecision[] Watching(WatchClock clock)
    {
        _watchingAt = clock.Now;
        return clock.CodeSaved > clock.BuiltAt ? [new RestartSavedWhileStarting()] : Ready(started: null);
    }

    /// <summary>
    /// The relay's line that the app runs with Hot Reload (<paramref name="started"/>), said once dotnet
    /// watch also watches the saves (null: dotnet watch said so).
    /// </summary>
    private WatchDecision[] Ready(string? started)
    {
        if (started is not null)
        {
            _started = started;
        }
        else
        {
            _watching = true;
        }

        if (!_watching || _started is not { } say)
        {
            return [];
        }

        _started = null;
        return [new SayRelay(say)];
    }
}
