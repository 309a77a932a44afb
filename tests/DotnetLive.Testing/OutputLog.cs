namespace DotnetLive.Testing;

/// <summary>The lines a process wrote, in order, with waits for a line to appear (never fixed sleeps).</summary>
internal sealed class OutputLog
{
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _lines.Count;
            }
        }
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return _lines.ToList();
            }
        }
    }

    public void Add(string line)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _lines.Add(line);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Closes the log: waits still pending fail at once instead of timing out.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            IsComplete = true;
            _changed.TrySetResult();
        }
    }

    public bool IsComplete { get; private set; }

    /// <summary>Waits for the first line at or after <paramref name="from"/> that matches; returns its index.</summary>
    public async Task<int> WaitForAsync(Func<string, bool> match, int from, TimeSpan timeout, string what)
    {
        using var expiry = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                for (var i = from; i < _lines.Count; i++)
                {
                    if (match(_lines[i]))
                    {
                        return i;
                    }
                }

                if (IsComplete)
                {
                    throw new TimeoutException($"The process ended without writing {what}. Output:\n{string.Join('\n', _lines)}");
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(expiry.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No {what} within {timeout.TotalSeconds} s. Output:\n{string.Join('\n', Lines)}");
            }
        }
    }
}
