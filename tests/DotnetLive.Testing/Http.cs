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
}
