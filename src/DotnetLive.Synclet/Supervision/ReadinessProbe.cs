namespace DotnetLive.Synclet.Supervision;

/// <summary>Waits until a URL answers with any HTTP status: the app is listening and its pipeline runs.</summary>
internal sealed class ReadinessProbe(Uri url) : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(25);
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, UseProxy = false })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>True once the URL answers; false if <paramref name="stillRunning"/> turns false or the token fires.</summary>
    public async Task<bool> WaitAsync(Func<bool> stillRunning, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested && stillRunning())
        {
            try
            {
                using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                return true;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // One attempt timed out; try again.
            }

            try
            {
                await Task.Delay(Interval, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return false;
    }

    public void Dispose() => _http.Dispose();
}
