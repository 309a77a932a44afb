using System.Diagnostics;

namespace DotnetLive.Protocol.Processes;

/// <summary>
/// The one way a process is stopped, a child (<see cref="ChildProcess.StopAsync"/>) or one a killed
/// owner left behind (<see cref="PidFile"/>): asked, given a grace period, then its tree killed; then
/// the processes it had started, taken before it was asked, the same way; then, for a marked child,
/// every process that carries its mark (<see cref="ProcessTree.Marked"/>). It takes no token: a cleanup
/// always finishes.
/// </summary>
internal static class GracefulStop
{
    /// <param name="ask">How it is asked to end (SIGTERM, its input closed).</param>
    /// <param name="grace">Zero: its tree is killed at once, before this returns its task.</param>
    /// <param name="mark">Its <see cref="ProcessTree.MarkVariable"/>, if it was started with one.</param>
    public static async Task StopAsync(Process process, Action ask, TimeSpan grace, string? mark)
    {
        var since = ProcessTree.StartOf(process.Id);
        if (grace == TimeSpan.Zero)
        {
            // Killed while it runs, its tree has had no chance to be re-parented.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            await StopMarkedAsync(mark, since, grace).ConfigureAwait(false);
            return;
        }

        // Once it exits they are re-parented, no longer its tree.
        var descendants = ProcessTree.Descendants(process.Id);
        if (!process.HasExited)
        {
            ask();
            if (!await ExitsWithinAsync(process, grace).ConfigureAwait(false))
            {
                process.Kill(entireProcessTree: true);

                // Bounded: a process that is not our child may stay a zombie its parent never reaps, and a
                // child's output may still be held open by a process it handed it to (stopped next).
                await ExitsWithinAsync(process, grace).ConfigureAwait(false);
            }
        }

        await ProcessTree.StopAsync(descendants, grace).ConfigureAwait(false);
        await StopMarkedAsync(mark, since, grace).ConfigureAwait(false);
    }

    /// <summary>What carries the mark, once the process has gone: started while it stopped, or gone from its tree long before.</summary>
    private static Task StopMarkedAsync(string? mark, long? since, TimeSpan grace) =>
        mark is not null && since is { } start ? ProcessTree.StopMarkedAsync(mark, start, grace) : Task.CompletedTask;

    /// <summary>True when it exited (and its redirected output was read to the end) within <paramref name="timeout"/>.</summary>
    private static async Task<bool> ExitsWithinAsync(Process process, TimeSpan timeout)
    {
        using var waited = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(waited.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
