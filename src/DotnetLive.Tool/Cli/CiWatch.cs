using DotnetLive.Protocol.Messages;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Cli;

/// <summary>
/// `dotnet live ci`'s verdict, read off the session's events on their way to the reporter: up once
/// the app is ready (a web app answers; an app without a URL runs) and stays so for a moment, or
/// ran to an exit code of 0; failed on a build error or when the app ends on its own otherwise.
/// </summary>
internal sealed class CiWatch(IReporter inner) : IReporter
{
    /// <summary>How long a ready app must keep running to count as up: a worker that throws at once fails.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    private readonly TaskCompletionSource<LiveException?> _verdict = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _readyPid;

    /// <summary>Null when the app came up; otherwise what went wrong.</summary>
    public Task<LiveException?> Verdict => _verdict.Task;

    /// <summary>What the app was last seen doing, for a timeout's message.</summary>
    public string LastSeen { get; private set; } = "not started";

    /// <summary>The service's session ended with <paramref name="failure"/> (it could not start, say): that is the verdict.</summary>
    public void Stopped(LiveException failure) => _verdict.TrySetResult(failure);

    public void Info(MessageDescriptor message, params object?[] args) => inner.Info(message, args);

    public void Error(MessageDescriptor message, params object?[] args) => inner.Error(message, args);

    public void Error(string text) => inner.Error(text);

    public void Verbose(string text) => inner.Verbose(text);

    public void Building(string project)
    {
        LastSeen = "building";
        inner.Building(project);
    }

    public void BuildSucceeded() => inner.BuildSucceeded();

    public void BuildFailed(IReadOnlyList<BuildDiagnostic> errors, string projectDirectory)
    {
        inner.BuildFailed(errors, projectDirectory);
        _verdict.TrySetResult(new LiveException(Messages.BuildFailed, errors.Count));
    }

    public void Updated(UpdateSummary update) => inner.Updated(update);

    public void HotReloaded(UpdateSummary update, string text) => inner.HotReloaded(update, text);

    public void ReplicasConnected(IReadOnlyList<string> replicas) => inner.ReplicasConnected(replicas);

    public void App(AppEvent appEvent, string? replica = null)
    {
        inner.App(appEvent, replica);
        switch (appEvent)
        {
            case { Kind: AppEventKind.Started }:
                LastSeen = "started, not ready";
                break;
            case { Kind: AppEventKind.Ready, Pid: { } pid }:
                LastSeen = "ready";
                Volatile.Write(ref _readyPid, pid);
                _ = UpAfterSettlingAsync(pid);
                break;
            case { Kind: AppEventKind.Exited, Reason: ExitReason.Exited }:
                LastSeen = "ran to exit code 0";
                _verdict.TrySetResult(null);
                break;
            case { Kind: AppEventKind.Exited, Reason: ExitReason.Crashed, Crash: { } crash }:
                _verdict.TrySetResult(new LiveException(Messages.CiAppFailed, $"it crashed with {crash.ExceptionType}: {crash.Message}{(crash.StackFrames.Count > 0 ? " " + crash.StackFrames[0] : "")} (exit code {appEvent.ExitCode})"));
                break;
            case { Kind: AppEventKind.Exited, Reason: ExitReason.Crashed }:
                _verdict.TrySetResult(new LiveException(Messages.CiAppFailed, $"it exited with code {appEvent.ExitCode}"));
                break;
            case { Kind: AppEventKind.Exited }:
                Volatile.Write(ref _readyPid, 0);
                LastSeen = "restarting";
                break;
        }
    }

    private async Task UpAfterSettlingAsync(int pid)
    {
        await Task.Delay(Settle).ConfigureAwait(false);
        if (Volatile.Read(ref _readyPid) == pid)
        {
            _verdict.TrySetResult(null);
        }
    }
}

/// <summary>
/// `dotnet live ci` over the services of a session: a <see cref="CiWatch"/> for each; up once every one
/// is up, failed as soon as one fails (naming it when there are several).
/// </summary>
internal sealed class CiWatches(Func<string, IReporter> reporterFor)
{
    private readonly List<(string Service, CiWatch Watch)> _watches = [];
    private readonly Lock _gate = new();
    private Task<LiveException?>? _verdict;

    /// <summary>What each service was last seen doing, for a timeout's message.</summary>
    public string LastSeen
    {
        get
        {
            lock (_gate)
            {
                return _watches is [var only] && only.Service.Length == 0
                    ? only.Watch.LastSeen
                    : string.Join(", ", _watches.Select(w => $"{w.Service}: {w.Watch.LastSeen}"));
            }
        }
    }

    /// <summary>The reporter a service's session reports to ("" for the only one).</summary>
    public IReporter For(string service)
    {
        var watch = new CiWatch(reporterFor(service));
        lock (_gate)
        {
            _watches.Add((service, watch));
        }

        return watch;
    }

    /// <summary>A service's session ended with an error: its verdict.</summary>
    public void Stopped(string service, LiveException failure)
    {
        lock (_gate)
        {
            _watches.FirstOrDefault(w => w.Service == service).Watch?.Stopped(failure);
        }
    }

    /// <summary>
    /// Null once every service is up; the first failure otherwise. Asked once the session started: its
    /// services' reporters are all made before it awaits anything.
    /// </summary>
    public Task<LiveException?> Verdict()
    {
        lock (_gate)
        {
            return _verdict ??= AllAsync([.. _watches]);
        }
    }

    private static async Task<LiveException?> AllAsync(List<(string Service, CiWatch Watch)> watches)
    {
        var pending = watches.Select(w => w.Watch.Verdict).ToList();
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending).ConfigureAwait(false);
            pending.Remove(done);
            if (await done.ConfigureAwait(false) is { } failure)
            {
                var (service, watch) = watches.First(w => w.Watch.Verdict == done);
                if (service.Length > 0)
                {
                    watch.Info(Messages.CiServiceFailed, service);
                }

                return failure;
            }
        }

        return null;
    }
}
