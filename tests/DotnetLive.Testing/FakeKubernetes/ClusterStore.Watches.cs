using System.Globalization;
using System.Threading.Channels;
using k8s;
using k8s.Models;

namespace DotnetLive.Testing.FakeKubernetes;

/// <summary>The pod changes in order, for a watch to replay from a revision, and the watches they stream to.</summary>
internal sealed partial class ClusterStore
{
    private readonly List<WatchEvent> _events = [];
    private readonly List<Channel<WatchEvent>> _watchers = [];

    /// <summary>A watch from <paramref name="since"/> on: what happened since, then what happens, until <see cref="Unwatch"/>.</summary>
    public Channel<WatchEvent> Watch(long since)
    {
        var channel = Channel.CreateUnbounded<WatchEvent>();
        lock (_lock)
        {
            foreach (var past in _events.Where(e => e.Revision > since))
            {
                channel.Writer.TryWrite(past);
            }

            _watchers.Add(channel);
        }

        return channel;
    }

    public void Unwatch(Channel<WatchEvent> watch)
    {
        lock (_lock)
        {
            _watchers.Remove(watch);
        }
    }

    /// <summary>Ends every watch; the pods, to stop.</summary>
    public List<FakePod> Close()
    {
        lock (_lock)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryComplete();
            }

            return [.. _pods.Values];
        }
    }

    private void Publish(string type, V1Pod pod)
    {
        pod.Metadata.ResourceVersion = (++_revision).ToString(CultureInfo.InvariantCulture);
        var change = new WatchEvent(_revision, type, pod.Metadata.NamespaceProperty, new Dictionary<string, string>(pod.Metadata.Labels), $"{{\"type\":\"{type}\",\"object\":{KubernetesJson.Serialize(pod)}}}");
        _events.Add(change);
        foreach (var watcher in _watchers)
        {
            watcher.Writer.TryWrite(change);
        }
    }
}
