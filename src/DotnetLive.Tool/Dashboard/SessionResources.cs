using System.Threading.Channels;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Dashboard;

/// <summary>
/// What the dashboard shows of a session, as plain data: a resource per service (and per pod), each
/// resource's console log, and where its commands go. Reporters change it; every watcher (a dashboard
/// connection) gets each change in order. Thread-safe.
/// </summary>
internal sealed class SessionResources(string applicationName)
{
    /// <summary>Console log lines kept per resource for a page opened later.</summary>
    public const int LogLinesKept = 10_000;

    private readonly Lock _gate = new();
    private readonly List<ResourceView> _resources = [];
    private readonly Dictionary<string, ResourceLog> _logs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChannelWriter<LoopCommand>> _commands = new(StringComparer.Ordinal);
    private readonly List<ChannelWriter<ResourceChange>> _watchers = [];

    public string ApplicationName { get; } = applicationName;

    public IReadOnlyList<ResourceView> Resources
    {
        get
        {
            lock (_gate)
            {
                return [.. _resources];
            }
        }
    }

    /// <summary>A service's resource, whose commands (restart, rebuild, resync) go to <paramref name="commands"/>.</summary>
    public void Add(ResourceView resource, ChannelWriter<LoopCommand> commands)
    {
        lock (_gate)
        {
            _commands[resource.Name] = commands;
            Put(resource);
        }
    }

    /// <summary>Changes a resource that exists (a pod's is made from <paramref name="absent"/> when it is given).</summary>
    public void Update(string name, Func<ResourceView, ResourceView> change, ResourceView? absent = null)
    {
        lock (_gate)
        {
            if ((_resources.Find(r => r.Name == name) ?? absent) is { } current)
            {
                Put(change(current));
            }
        }
    }

    /// <summary>Removes the resources <paramref name="gone"/> picks (pods that went), their logs with them.</summary>
    public void RemoveWhere(Func<ResourceView, bool> gone)
    {
        lock (_gate)
        {
            foreach (var resource in _resources.Where(gone).ToList())
            {
                _resources.Remove(resource);
                if (_logs.Remove(resource.Name, out var log))
                {
                    log.Followers.ForEach(f => f.TryComplete());
                }

                Publish(new ResourceChange(null, resource));
            }
        }
    }

    /// <summary>The resources as they are, and every change after that until <paramref name="ct"/> ends the watch.</summary>
    public (IReadOnlyList<ResourceView> Now, ChannelReader<ResourceChange> Changes) Watch(CancellationToken ct)
    {
        var channel = Channel.CreateUnbounded<ResourceChange>(new() { SingleReader = true });
        lock (_gate)
        {
            _watchers.Add(channel.Writer);
            ct.Register(() =>
            {
                lock (_gate)
                {
                    _watchers.Remove(channel.Writer);
                }

                channel.Writer.TryComplete();
            });
            return ([.. _resources], channel.Reader);
        }
    }

    /// <summary>A line of a resource's console log.</summary>
    public void Log(string name, string text, bool stdErr)
    {
        lock (_gate)
        {
            if (_resources.Exists(r => r.Name == name))
            {
                Log(name).Add(text, stdErr);
            }
        }
    }

    /// <summary>The lines a resource's log holds, and (with <paramref name="follow"/>) every later one until <paramref name="ct"/> ends.</summary>
    public (IReadOnlyList<LogLine> Lines, ChannelReader<LogLine>? Later) WatchLog(string name, bool follow, CancellationToken ct)
    {
        lock (_gate)
        {
            if (!_resources.Exists(r => r.Name == name))
            {
                return ([], null);
            }

            var log = Log(name);
            return (log.Lines, follow ? Follow(log, ct) : null);
        }
    }

    /// <summary>Sends a command to a service's loop; false when the resource has none (a pod, a name that is not there).</summary>
    public bool Send(string name, LoopCommand command)
    {
        lock (_gate)
        {
            return _commands.TryGetValue(name, out var commands) && commands.TryWrite(command);
        }
    }

    /// <summary>A follower that falls behind loses its oldest unread lines, never the tool's memory.</summary>
    private ChannelReader<LogLine> Follow(ResourceLog log, CancellationToken ct)
    {
        var channel = Channel.CreateBounded<LogLine>(new BoundedChannelOptions(LogLinesKept) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        log.Followers.Add(channel.Writer);
        ct.Register(() =>
        {
            lock (_gate)
            {
                log.Followers.Remove(channel.Writer);
            }

            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }

    private ResourceLog Log(string name)
    {
        if (!_logs.TryGetValue(name, out var log))
        {
            _logs[name] = log = new ResourceLog();
        }

        return log;
    }

    private void Put(ResourceView resource)
    {
        var at = _resources.FindIndex(r => r.Name == resource.Name);
        if (at >= 0 && _resources[at] == resource)
        {
            return;
        }

        if (at >= 0)
        {
            _resources[at] = resource;
        }
        else
        {
            _resources.Add(resource);
        }

        Publish(new ResourceChange(resource, null));
    }

    private void Publish(ResourceChange change)
    {
        foreach (var watcher in _watchers)
        {
            watcher.TryWrite(change);
        }
    }

    /// <summary>One resource's log: the last <see cref="LogLinesKept"/> lines, numbered from 1, and its followers (changed under the gate).</summary>
    private sealed class ResourceLog
    {
        private readonly Queue<LogLine> _lines = new();
        private int _count;

        public List<ChannelWriter<LogLine>> Followers { get; } = [];

        public IReadOnlyList<LogLine> Lines => [.. _lines];

        public void Add(string text, bool stdErr)
        {
            var line = new LogLine(++_count, text, stdErr);
            _lines.Enqueue(line);
            if (_lines.Count > LogLinesKept)
            {
                _lines.Dequeue();
            }

            foreach (var follower in Followers)
            {
                follower.TryWrite(line);
            }
        }
    }
}

/// <summary>A resource changed (<see cref="Upserted"/>) or went (<see cref="Deleted"/>).</summary>
internal sealed record ResourceChange(ResourceView? Upserted, ResourceView? Deleted);

/// <summary>A console log line, numbered in its resource's log.</summary>
internal sealed record LogLine(int Number, string Text, bool StdErr);
