namespace DotnetLive.Testing;

internal static class Http
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromSeconds(5) };

    public static async Task<string> GetAsync(Uri url) => await Client.GetStringAsync(url);

    /// <summary>Polls until the URL serves <paramref name="expected"/>; fails after <paramref name="seconds"/>.</summary>
    public static async Task WaitForTextAsync(Uri url, string expected, int seconds = 60)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        string? last = null;
        while (!timeout.IsCancellationRequested)
        {
            try
            {
                last = await Client.GetStringAsync(url, timeout.Token);
                if (last == expected)
                {
                    return;
                }
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException) when (!timeout.IsCancellationRequested)
            {
                last = "(request timed out)";
            }

            try
            {
                await Task.Delay(10, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        throw new TimeoutException($"{url} did not serve '{expected}' within {seconds} s; last answer: {last}");
    }

    /// <summary>
    /// Requests the URL over and over until <paramref name="stop"/>; each answer must be
    /// <paramref name="expected"/> (a refused or failed request fails the test). Returns how many were made.
    /// </summary>
    public static async Task<int> ServeEveryRequestAsync(Uri url, string expected, CancellationToken stop)
    {
        var count = 0;
        while (!stop.IsCancellationRequested)
        {
            string answer;
            try
            {
                answer = await Client.GetStringAsync(url, CancellationToken.None);
            }
            catch (HttpRequestException e)
            {
                throw new InvalidOperationException($"request {count + 1} to {url} failed: {e.Message}", e);
            }

            if (answer != expected)
            {
                throw new InvalidOperationException($"request {count + 1} to {url} answered '{answer}', not '{expected}'");
            }

            count++;
            try
            {
                await Task.Delay(20, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return count;
    }
}
