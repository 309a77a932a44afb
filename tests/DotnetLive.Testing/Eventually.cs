namespace DotnetLive.Testing;

/// <summary>
/// Polls a condition until it holds, for an effect that has no event to wait on. On timeout it throws a
/// <see cref="TimeoutException"/> naming what it waited for (and, if given, what was seen last), not the
/// bare cancellation of its delay.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(20);

    /// <param name="what">What is awaited, as in "waiting for {what}".</param>
    public static Task UntilAsync(string what, Func<bool> condition, TimeSpan timeout, TimeSpan? interval = null) =>
        UntilAsync(what, _ => Task.FromResult(condition()), timeout, interval);

    /// <param name="what">What is awaited, as in "waiting for {what}".</param>
    /// <param name="condition">Checked first at once, then after each <paramref name="interval"/>; given a token cancelled at the deadline.</param>
    /// <param name="lastSeen">What the condition saw the last time it did not hold, for the timeout's message.</param>
    public static async Task UntilAsync(string what, Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, TimeSpan? interval = null, Func<string?>? lastSeen = null)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (!await condition(deadline.Token))
            {
                await Task.Delay(interval ?? DefaultInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            var last = lastSeen is null ? "" : $"; last seen: {lastSeen()}";
            throw new TimeoutException($"Timed out after {timeout.TotalSeconds} s waiting for {what}{last}");
        }
    }
}
