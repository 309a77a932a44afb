using System.Threading.Channels;

namespace DotnetLive.Synclet.Supervision;

/// <summary>
/// Hands what is published to every subscriber, each through a bounded buffer that drops its oldest
/// item when full: a slow client loses what it could not keep up with, never the synclet's memory, and
/// never holds up the publisher.
/// </summary>
internal sealed class Fanout<T>(int perSubscriber)
{
    private readonly Lock _gate = new();
    private readonly List<Channel<T>> _subscribers = [];

    public ChannelReader<T> Subscribe()
    {
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(perSubscriber)
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

    public void Unsubscribe(ChannelReader<T> reader)
    {
        lock (_gate)
        {
            _subscribers.RemoveAll(c => c.Reader == reader);
        }
    }

    public void Publish(T item)
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(item);
            }
        }
    }
}
