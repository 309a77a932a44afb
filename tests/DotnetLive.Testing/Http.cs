namespace DotnetLive.Testing;

internal static class Http
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromSeconds(5) };

    public static async Task<string> GetAsync(Uri url) => await Client.GetStringAsync(url);

    /// <summary>Polls until the URL serves <paramref name="expected"/>; fails after <paramref name="seconds"/>.</summary>
    public static Task WaitForTextAsync(Uri url, string expected, int seconds = 60)
    {
        string? last = null;
        return Eventually.UntilAsync($"{url} to serve '{expected}'", async deadline =>
        {
            try
            {
                last = await Client.GetStringAsync(url, deadline);
                return last == expected;
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
                return false;
            }
            catch (System.Net.Sockets.SocketException e)
            {
                // A connection the old app accepted as it stopped: HttpClient reads its peer's address
                // after the close and lets getpeername's ENOTCONN through unwrapped.
                last = e.Message;
                return false;
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
                last = "(request timed out)";
                return false;
            }
        }, TimeSpan.FromSeconds(seconds), TimeSpan.FromMilliseconds(10), () => last);
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
