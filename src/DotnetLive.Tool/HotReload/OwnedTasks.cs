namespace DotnetLive.Tool.HotReload;

/// <summary>
/// Work a Hot Reload session starts on its own, from a line reader or a watcher (a follow build, the
/// wait before errors are shown, a restart beside dotnet watch). Each piece gets the group's token, and
/// disposing the group cancels it and waits for all of it, so none outlives the session it works for
/// or the updater it ships through. Each piece reports its own failures.
/// </summary>
internal sealed class OwnedTasks(CancellationToken sessionEnd) : IAsyncDisposable
{
    private readonly CancellationTokenSource _end = CancellationTokenSource.CreateLinkedTokenSource(sessionEnd);
    private readonly List<Task> _running = [];
    private bool _disposed;

    /// <summary>
    /// Runs <paramref name="work"/> on the thread pool, never on the caller's thread (a reader of
    /// dotnet watch's output must go on reading); once the group is disposed, nothing is started.
    /// </summary>
    /// <returns>The work, owned by the group (awaiting it is the caller's choice).</returns>
    public Task Start(Func<CancellationToken, Task> work)
    {
        lock (_running)
        {
            if (_disposed)
            {
                return Task.CompletedTask;
            }

            _running.RemoveAll(t => t.IsCompleted);
            var end = _end.Token;
            var task = Task.Run(() => work(end), CancellationToken.None);
            _running.Add(task);
            return task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task[] running;
        lock (_running)
        {
            _disposed = true;
            running = [.. _running];
        }

        await _end.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Cancelled by the session's end or by this: what it was for.
        }

        _end.Dispose();
    }
}
