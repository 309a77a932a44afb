using System.Net.Http.Headers;
using System.Threading.Channels;
using DotnetLive.Protocol.Messages;

namespace DotnetLive.Tool.Dashboard;

/// <summary>
/// Sends the exports the synclets relay (the OpenTelemetry of apps in containers and pods) on to the
/// dashboard's OTLP/HTTP endpoint, unchanged, with the session's API key. One at a time, through a
/// small buffer that drops the oldest: a dashboard that is slow or gone never holds up a synclet's
/// connection (which also carries the updates), nor grows the tool's memory.
/// </summary>
internal sealed class TelemetryForwarder : IAsyncDisposable
{
    private const int Buffered = 32;
    private readonly Channel<TelemetryExport> _queue = Channel.CreateBounded<TelemetryExport>(new BoundedChannelOptions(Buffered) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly HttpClient _http;
    private readonly Task _sending;
    private readonly Action<string>? _verbose;

    /// <param name="verbose">Told why an export could not be sent (--verbose).</param>
    public TelemetryForwarder(Uri otlpHttp, string apiKey, Action<string>? verbose)
    {
        _verbose = verbose;
        _http = new HttpClient { BaseAddress = otlpHttp, Timeout = TimeSpan.FromSeconds(10) };
        _http.DefaultRequestHeaders.Add("x-otlp-api-key", apiKey);
        _sending = SendAllAsync();
    }

    public void Post(TelemetryExport export) => _queue.Writer.TryWrite(export);

    private async Task SendAllAsync()
    {
        await foreach (var export in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            using var content = new ReadOnlyMemoryContent(export.Body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            try
            {
                using var response = await _http.PostAsync(new Uri(export.Path, UriKind.Relative), content).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    _verbose?.Invoke($"dashboard: refused {export.Signal} from a synclet: {(int)response.StatusCode}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                _verbose?.Invoke($"dashboard: could not send {export.Signal} from a synclet: {e.Message}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        _http.CancelPendingRequests();
        await _sending.ConfigureAwait(false);
        _http.Dispose();
    }
}
