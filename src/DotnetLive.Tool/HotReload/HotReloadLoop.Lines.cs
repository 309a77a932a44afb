using System.Diagnostics;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.HotReload;

/// <summary>What the Hot Reload loop does about dotnet watch's lines, as <see cref="WatchEvents"/> decides.</summary>
internal sealed partial class HotReloadLoop
{
    /// <summary>How long the error lines of a failed compile must pause before they are shown together.</summary>
    private static readonly TimeSpan ErrorQuiet = TimeSpan.FromMilliseconds(150);

    /// <summary>1 while a restart beside dotnet watch runs: one at a time.</summary>
    private int _restartingBeside;

    private void OnLine(string line)
    {
        foreach (var decision in _events.Read(line, new WatchClock(Stopwatch.GetTimestamp(), Volatile.Read(ref _builtAt), Volatile.Read(ref _codeSaved))))
        {
            if (decision is WatchDecision.GatherErrors or WatchDecision.ReportError)
            {
                // Its build failed: it builds no more until a save.
                EndStartTurn();
            }

            Act(decision);
        }

        if (_events.WatchingAt != long.MaxValue)
        {
            EndStartTurn();
        }
    }

    private void Act(WatchDecision decision)
    {
        switch (decision)
        {
            case WatchDecision.Verbose(var text):
                reporter.Verbose("dotnet watch: " + text);
                break;
            case WatchDecision.ReportHotReloaded(var text, var milliseconds):
                Volatile.Write(ref _hotReloadedAt, Stopwatch.GetTimestamp());
                reporter.HotReloaded(UpdateSummary.HotReloaded(DateTimeOffset.Now, milliseconds), text);
                break;
            case WatchDecision.ScheduleFollow:
                _follows!.Schedule();
                break;
            case WatchDecision.CancelFollow:
                // Owned by the scheduler, which waits for it when the session ends.
                _ = _follows!.CancelAsync();
                break;
            case WatchDecision.RestartBeside(var why):
                RestartBeside(new Restart(Messages.RudeEditRestart.Render(why), Full: false));
                break;
            case WatchDecision.RestartSavedWhileStarting:
                SavedWhileStarting();
                break;
            case WatchDecision.GatherErrors(var version):
                _background!.Start(async end =>
                {
                    await Task.Delay(ErrorQuiet, end).ConfigureAwait(false);
                    if (_events.ErrorsQuiet(version) is { } errors)
                    {
                        reporter.BuildFailed(errors, project.ProjectDirectory);
                    }
                });
                break;
            case WatchDecision.ReportError(var text):
                reporter.Error(text);
                break;
            case WatchDecision.ReportBuildSucceeded:
                reporter.BuildSucceeded();
                break;
            case WatchDecision.ReadStartupCode:
                Volatile.Write(ref _startup, RelayRecord.Read(project.SessionPath) is { } relay ? StartupCode.Read(Path.Combine(relay.OutputDirectory, project.TargetFileName)) : null);
                break;
            case WatchDecision.GiveUpHotReload:
                _watchLimitReached = true;
                break;
            case WatchDecision.SayRelay(var text):
                reporter.Info(Messages.RelaySays, text);
                break;
        }
    }

    /// <summary>
    /// A restart while dotnet watch starts its next session by itself (after a rude edit): its build waits
    /// for the tool's (the build lock), finds it done, and its relay joins the app the tool restarted.
    /// One at a time: an edit saved meanwhile is served when that session watches (the saved-while-starting rule).
    /// </summary>
    private void RestartBeside(Restart restart)
    {
        if (Interlocked.CompareExchange(ref _restartingBeside, 1, 0) != 0)
        {
            return;
        }

        // Every save seen so far is in the build that starts next; until the next session watches, a save is the tool's to serve.
        Volatile.Write(ref _builtAt, Stopwatch.GetTimestamp());
        _events.NotWatching();
        _background!.Start(async end =>
        {
            try
            {
                await _following.WaitAsync(end).ConfigureAwait(false);
                try
                {
                    if (await restarts.RestartAsync(_updater!, restart.Reason, restart.Full, restart.Always, end).ConfigureAwait(false))
                    {
                        Volatile.Write(ref _startup, StartupCode.Read(restarts.AppAssembly));
                    }
                }
                finally
                {
                    _following.Release();
                }
            }
            catch (OperationCanceledException)
            {
                // The session is ending.
            }
#pragma warning disable CA1031 // Runs on its own: whatever fails is said, and dotnet watch's own restart goes on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                reporter.Error(Messages.RestartFailed, e.Message);
            }
            finally
            {
                Volatile.Write(ref _restartingBeside, 0);
            }
        });
    }

    /// <summary>
    /// Saved after the build the engine session started from, before it watched: dotnet watch has the new
    /// text as its baseline and will never apply it, so the tool's path serves it.
    /// </summary>
    private void SavedWhileStarting() =>
        _restarts.Writer.TryWrite(new Restart(Messages.SavedWhileStartingRestart.Render(), Full: false));
}
