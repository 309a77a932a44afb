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

    private readonly Fanout<AppEvent> _fanout = new(BufferedEventsPerClient);

    public ChannelReader<AppEvent> Subscribe() => _fanout.Subscribe();

    public void Unsubscribe(ChannelReader<AppEvent> reader) => _fanout.Unsubscribe(reader);

    public void Publish(AppEvent appEvent)
    {
        if (appEvent.Text is { Length: > MaxLineChars } text)
        {
            appEvent = appEvent with { Text = $"{text[..MaxLineChars]}… ({text.Length - MaxLineChars} more characters cut by dotnet-live)" };
        }

        _fanout.Publish(appEvent);
    }
}
