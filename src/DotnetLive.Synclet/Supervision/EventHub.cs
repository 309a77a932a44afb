using System.Threading.Channels;
using DotnetLive.Protocol.Messages;

namespace DotnetLive.Synclet.Supervision;

/// <summary>
/// Fans app events out to every connected client. Each subscriber has a bounded buffer that drops its
/// oldest lines, and a line is cut to <see cref="MaxLineChars"/>, so a chatty app, one huge line or a
/// slow client cannot exhaust the synclet's memory or make an event too large for a frame.
/// </summary>
internal sealed class EventHub
{
    public const int BufferedEventsPerClient = 1024;

    /// <summary>What of a line is sent: well past any log line's useful length, far below a frame's limit.</summary>
    public const int MaxLineChars = 8 * 1024;

    private readonly Lock _gate = new();
    private readonly List<Channel<AppEvent>> _subscribers = [];

    public ChannelReader<AppEvent> Subscribe()
    {
        var channel = Channel.CreateBounded<AppEvent>(new BoundedChannelOptions(BufferedEventsPerClient)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            _subscribers.Add(channel);
        }

        return channel.Reader;
    }

    public void Unsubscribe(ChannelReader<AppEvent> reader)
    {
        lock (_gate)
        {
            _subscribers.RemoveAll(c => c.Reader == reader);
        }
    }

    public void Publish(AppEvent appEvent)
    {
        if (appEvent.Text is { Length: > MaxLineChars } text)
        {
            appEvent = appEvent with { Text = $"{text[..MaxLineChars]}… ({text.Length - MaxLineChars} more characters cut by dotnet-live)" };
        }

        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(appEvent);
            }
        }
    }
}
