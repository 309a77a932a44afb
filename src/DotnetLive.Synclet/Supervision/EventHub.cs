using System.Threading.Channels;
using DotnetLive.Protocol.Messages;

namespace DotnetLive.Synclet.Supervision;

/// <summary>
/// Fans app events out to every connected client. Each subscriber has a bounded buffer that drops its
/// oldest lines, so a chatty app or a slow client cannot exhaust the synclet's memory.
/// </summary>
internal sealed class EventHub
{
    public const int BufferedEventsPerClient = 2048;

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
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(appEvent);
            }
        }
    }
}
