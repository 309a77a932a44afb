using DotnetLive.Tool.Dashboard.Contract;
using DotnetLive.Tool.UI;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace DotnetLive.Tool.Dashboard;

/// <summary>
/// The dashboard's resource service: the session's <see cref="SessionResources"/> in the dashboard's
/// gRPC contract. A watch sends the resources as they are, then each change; a console log sends the
/// lines there are, then follows; a command goes to the service's loop as the HUD's key would.
/// </summary>
internal sealed class ResourceService(SessionResources resources, ResourceService.Log log) : DashboardService.DashboardServiceBase
{
    /// <summary>Console log lines per message at most.</summary>
    private const int LinesPerUpdate = 500;

    /// <summary>The commands of a service, with the loop command each sends (icons are Fluent UI's names).</summary>
    private static readonly (string Name, string DisplayName, string Description, string Icon, LoopCommand Command)[] Commands =
    [
        ("restart", "Restart", "Restart the app where it runs", "ArrowCounterclockwise", LoopCommand.Restart),
        ("rebuild", "Rebuild", "Build now and ship what changed, as a save does", "Wrench", LoopCommand.Rebuild),
        ("resync", "Resync", "Send every output file to the synclet again", "ArrowSync", LoopCommand.Resync),
    ];

    public override Task<ApplicationInformationResponse> GetApplicationInformation(ApplicationInformationRequest request, ServerCallContext context)
    {
        log.Call("application information", resources.ApplicationName);
        return Task.FromResult(new ApplicationInformationResponse { ApplicationName = resources.ApplicationName });
    }

    public override async Task WatchResources(WatchResourcesRequest request, IServerStreamWriter<WatchResourcesUpdate> responseStream, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var (now, changes) = resources.Watch(ct);
        var initial = new InitialResourceData
        {
            ResourceTypes =
            {
                new ResourceType { UniqueName = ResourceView.ServiceType, DisplayName = "Service" },
                new ResourceType { UniqueName = ResourceView.PodType, DisplayName = "Pod" },
            },
        };
        initial.Resources.AddRange(now.Select(Message));
        var watch = request.IsReconnect ? "resources (again)" : "resources";
        log.Call(watch, $"sending {now.Count}: {string.Join(", ", now.Select(r => $"{r.Name} {r.State}"))}");
        await responseStream.WriteAsync(new WatchResourcesUpdate { InitialData = initial }, ct).ConfigureAwait(false);
        log.Call(watch, "sent, following");
        while (await changes.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            // Whatever has queued up goes as one message.
            var batch = new WatchResourcesChanges();
            while (changes.TryRead(out var change))
            {
                batch.Value.Add(change is { Upserted: { } upserted }
                    ? new WatchResourcesChange { Upsert = Message(upserted) }
                    : new WatchResourcesChange { Delete = new ResourceDeletion { ResourceName = change.Deleted!.Name, ResourceType = change.Deleted.Type } });
            }

            await responseStream.WriteAsync(new WatchResourcesUpdate { Changes = batch }, ct).ConfigureAwait(false);
        }
    }

    public override async Task WatchResourceConsoleLogs(WatchResourceConsoleLogsRequest request, IServerStreamWriter<WatchResourceConsoleLogsUpdate> responseStream, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var (lines, later) = resources.WatchLog(request.ResourceName, follow: !request.SuppressFollow, ct);
        log.Call("console log", $"{request.ResourceName}: {lines.Count} line(s){(later is null ? "" : ", following")}");
        foreach (var chunk in lines.Chunk(LinesPerUpdate))
        {
            await responseStream.WriteAsync(Update(chunk), ct).ConfigureAwait(false);
        }

        if (later is null)
        {
            return;
        }

        while (await later.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            var batch = new List<LogLine>();
            while (batch.Count < LinesPerUpdate && later.TryRead(out var line))
            {
                batch.Add(line);
            }

            await responseStream.WriteAsync(Update(batch), ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The dashboard's interactions: a session has none, so the call is held open, sending nothing, until
    /// the dashboard ends it. Not "unimplemented": the dashboard can look for that status before it has
    /// arrived, take the call for a failed one, retry, and from then on count itself disconnected, and
    /// every page it opens after that shows no resource at all.
    /// </summary>
    public override async Task WatchInteractions(IAsyncStreamReader<WatchInteractionsRequestUpdate> requestStream, IServerStreamWriter<WatchInteractionsResponseUpdate> responseStream, ServerCallContext context)
    {
        log.Call("interactions", "none; held open");
        await context.WriteResponseHeadersAsync([]).ConfigureAwait(false);
        try
        {
            // It sends only answers to interactions, so nothing comes; read to its end all the same.
            while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
            {
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && context.CancellationToken.IsCancellationRequested)
        {
            // The dashboard ended the call, or the session the server.
        }
    }

    public override Task<ResourceCommandResponse> ExecuteResourceCommand(ResourceCommandRequest request, ServerCallContext context)
    {
        var command = Array.Find(Commands, c => c.Name == request.CommandName);
        var sent = command.Name is not null && resources.Send(request.ResourceName, command.Command);
        return Task.FromResult(sent
            ? new ResourceCommandResponse { Kind = ResourceCommandResponseKind.Succeeded }
            : new ResourceCommandResponse { Kind = ResourceCommandResponseKind.Failed, ErrorMessage = $"'{request.ResourceName}' has no command '{request.CommandName}'." });
    }

    /// <summary>What the dashboard asked for, as verbose lines (none without --verbose).</summary>
    internal sealed class Log(Action<string>? verbose)
    {
        public void Call(string call, string detail) => verbose?.Invoke($"resource service: {call}: {detail}");
    }

    private static WatchResourceConsoleLogsUpdate Update(IEnumerable<LogLine> lines)
    {
        var update = new WatchResourceConsoleLogsUpdate();
        update.LogLines.AddRange(lines.Select(l => new ConsoleLogLine { Text = l.Text, IsStdErr = l.StdErr, LineNumber = l.Number }));
        return update;
    }

    private static Resource Message(ResourceView view)
    {
        var resource = new Resource
        {
            Name = view.Name,
            ResourceType = view.Type,
            DisplayName = view.Name,
            Uid = view.Name,
            State = view.State,
            StateStyle = view.StateStyle,
            CreatedAt = Timestamp.FromDateTimeOffset(view.CreatedAt),
        };
        if (view.StartedAt is { } started)
        {
            resource.StartedAt = Timestamp.FromDateTimeOffset(started);
        }

        if (view.StoppedAt is { } stopped)
        {
            resource.StoppedAt = Timestamp.FromDateTimeOffset(stopped);
        }

        resource.Urls.AddRange(view.Urls.Select((u, i) => new Url { FullUrl = u.ToString(), EndpointName = u.Scheme, DisplayProperties = new UrlDisplayProperties { SortOrder = i, DisplayName = u.ToString() } }));
        resource.Properties.AddRange(view.Properties.Select(p => new ResourceProperty { Name = p.Key, DisplayName = DisplayName(p.Key), Value = Value.ForString(p.Value) }));
        if (view.Parent is { } parent)
        {
            resource.Relationships.Add(new ResourceRelationship { ResourceName = parent, Type = "Parent" });
        }
        else
        {
            resource.Commands.AddRange(Commands.Select(c => new ResourceCommand
            {
                Name = c.Name,
                DisplayName = c.DisplayName,
                DisplayDescription = c.Description,
                IconName = c.Icon,
                IsHighlighted = c.Command == LoopCommand.Restart,
                State = ResourceCommandState.Enabled,
            }));
        }

        return resource;
    }

    private static string DisplayName(string property) => property switch
    {
        ResourceView.Property.Target => "Target",
        ResourceView.Property.LastUpdate => "Last update",
        ResourceView.Property.Build => "Build",
        ResourceView.Property.Restarts => "Restarts",
        _ => property,
    };
}
