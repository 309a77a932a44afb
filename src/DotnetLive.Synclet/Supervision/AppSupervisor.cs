using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Processes;

namespace DotnetLive.Synclet.Supervision;

/// <summary>
/// Runs the app as a child process, restarts it on request (SIGTERM, grace period, SIGKILL) and
/// reports its lifecycle and output as events. The app crashing never takes the synclet down.
/// </summary>
internal sealed class AppSupervisor(SyncletOptions options, EventHub events) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly PidFile _pidFile = new(Path.Combine(options.Root, "app.pid"));
    private ChildProcess? _process;

    // A process that exited on its own; disposed when the next one starts, since a restart may still be waiting on it.
    private ChildProcess? _exited;
    private AppStatus _status = AppStatus.NotStarted;

    // The app's last stderr lines, where the runtime prints an unhandled exception; bounded.
    private readonly Queue<string> _stderrTail = new();
    private const int StderrTailLines = 200;
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(2);

    /// <summary>What the current Hot Reload session adds to the app's start (set between a stop and a start).</summary>
    public LaunchSettings Launch { get; set; } = LaunchSettings.Plain;

    public AppStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    /// <summary>
    /// Stops an app a previous synclet started and could not stop (it was SIGKILLed), found by the pid
    /// file and checked by start time, so that the app about to start does not meet it on its port.
    /// </summary>
    public Task ReapOrphanAsync() =>
        _pidFile.StopLeftoverAsync(options.GracePeriod, pid => Console.Error.WriteLine($"synclet: stopping the app (pid {pid}) a previous synclet left running"));

    /// <summary>Stops the app if it runs, then starts it from <paramref name="appDirectory"/> and waits until it is ready.</summary>
    public async Task RestartAsync(string appDirectory, CancellationToken ct)
    {
        await StopAsync().ConfigureAwait(false);
        if (options.Entry is null || !File.Exists(Path.Combine(appDirectory, options.Entry)))
        {
            return;
        }

        var process = Start(appDirectory);
        await WaitReadyAsync(process, ct).ConfigureAwait(false);
    }

    /// <summary>SIGTERM, then SIGKILL after the grace period, and so for what it started. Does not take a token: cleanup always finishes.</summary>
    public async Task StopAsync()
    {
        ChildProcess? process;
        lock (_gate)
        {
            process = _process;
            _process = null;
        }

        if (process is null)
        {
            return;
        }

        using (process)
        {
            await process.StopAsync().ConfigureAwait(false);
            await DrainOutputAsync(process).ConfigureAwait(false);
            Report(process, stopped: true);
        }
    }

    private ChildProcess Start(string appDirectory)
    {
        lock (_gate)
        {
            _exited?.Dispose();
            _exited = null;
            _stderrTail.Clear();
        }

        var environment = new Dictionary<string, string>(options.AppEnvironment);
        foreach (var (name, value) in Launch.Environment)
        {
            environment[name] = value.Replace(LaunchSettings.AppDirectoryToken, appDirectory, StringComparison.Ordinal);
        }

        var spec = new ProcessSpec(DotnetHost.Path, [Path.Combine(appDirectory, options.Entry!), .. options.AppArguments])
        {
            WorkingDirectory = appDirectory,
            Environment = environment,

            // Never the synclet's own input: the local synclet's is the tool's pipe.
            Input = ChildInput.Closed,
            OnOutput = (process, line) => Line(process, AppEventKind.Stdout, line, Console.Out),
            OnError = (process, line) =>
            {
                Remember(line);
                Line(process, AppEventKind.Stderr, line, Console.Error);
            },
            OnExited = OnExited,
            GracePeriod = options.GracePeriod,

            // What the app starts is stopped with it, even a daemon that left its tree: it would keep the app's port.
            Marked = true,
        };
        ChildProcess process;
        AppEvent started;
        lock (_gate)
        {
            // Under the gate: an exit reported before the supervisor holds the process would be taken for a stop.
            process = ChildProcess.Start(spec);
            _process = process;
            started = Reduce(new AppEvent(AppEventKind.Started, DateTimeOffset.UtcNow, null, process.Id, null));
        }

        _pidFile.Record(process);
        events.Publish(started);
        return process;
    }

    private async Task WaitReadyAsync(ChildProcess process, CancellationToken ct)
    {
        if (options.ReadyUrl is { } url)
        {
            var probe = new ReadinessProbe(url);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.ReadyTimeout);
            if (!await probe.WaitAsync(() => !process.HasExited, timeout.Token).ConfigureAwait(false))
            {
                return;
            }
        }

        AppEvent ready;
        lock (_gate)
        {
            if (_process != process || process.HasExited)
            {
                return;
            }

            ready = Reduce(new AppEvent(AppEventKind.Ready, DateTimeOffset.UtcNow, null, process.Id, null));
        }

        events.Publish(ready);
    }

    private void Line(ChildProcess process, AppEventKind kind, string text, TextWriter echo)
    {
        // Echoed so `docker logs` / `kubectl logs` still show the app.
        echo.WriteLine(text);
        events.Publish(new AppEvent(kind, DateTimeOffset.UtcNow, text, SafeId(process), null));
    }

    private void OnExited(ChildProcess process)
    {
        lock (_gate)
        {
            if (_process != process)
            {
                return; // Stopped on purpose; StopAsync reports it.
            }

            _process = null;
            _exited?.Dispose();
            _exited = process;
        }

        _ = Task.Run(async () =>
        {
            await DrainOutputAsync(process).ConfigureAwait(false);
            Report(process, stopped: false);
        });
    }

    /// <summary>
    /// Lets the output readers reach the end of the app's pipes, so its last lines (a stack trace) come
    /// before the exit event. Bounded: a child the app started may hold the pipes open after it exited.
    /// </summary>
    private static async Task DrainOutputAsync(ChildProcess process)
    {
        using var drained = new CancellationTokenSource(OutputDrainTimeout);
        try
        {
            await process.WaitForExitAsync(drained.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A process the app left behind still holds its output; report without the rest.
        }
    }

    private void Report(ChildProcess process, bool stopped)
    {
        var code = process.ExitCode;
        var reason = stopped ? ExitReason.Stopped : code == 0 ? ExitReason.Exited : ExitReason.Crashed;
        AppEvent exited;
        lock (_gate)
        {
            var crash = reason == ExitReason.Crashed ? CrashParser.Parse(_stderrTail.ToList()) : null;
            exited = Reduce(new AppEvent(AppEventKind.Exited, DateTimeOffset.UtcNow, null, SafeId(process), code, reason, crash));
        }

        events.Publish(exited);
    }

    /// <summary>Moves the status on by a lifecycle event (under the gate) and returns the event to publish.</summary>
    private AppEvent Reduce(AppEvent appEvent)
    {
        _status = _status.After(appEvent);
        return appEvent;
    }

    private void Remember(string line)
    {
        lock (_gate)
        {
            _stderrTail.Enqueue(line);
            if (_stderrTail.Count > StderrTailLines)
            {
                _stderrTail.Dequeue();
            }
        }
    }

    private static int? SafeId(ChildProcess process)
    {
        try
        {
            return process.Id;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _exited?.Dispose();
    }
}
