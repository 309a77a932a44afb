using System.Collections.Concurrent;
using DotnetLive.Protocol.Messages;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tests.Fakes;

/// <summary>Keeps what the session told the user, as the descriptors and values it was told with, for tests to assert on (not on English text).</summary>
internal sealed class RecordingReporter : IReporter
{
    public ConcurrentQueue<(MessageDescriptor Message, object?[] Args)> Infos { get; } = new();

    /// <summary>Errors: with their descriptor, or (a target's own failure, already rendered) only the text.</summary>
    public ConcurrentQueue<(MessageDescriptor? Message, string Text)> Errors { get; } = new();

    public ConcurrentQueue<(AppEvent Event, string? Replica)> AppEvents { get; } = new();

    public ConcurrentQueue<UpdateSummary> Updates { get; } = new();

    public bool Told(MessageDescriptor message) => Infos.Any(i => i.Message == message) || Errors.Any(e => e.Message == message);

    public void Info(MessageDescriptor message, params object?[] args) => Infos.Enqueue((message, args));

    public void Error(MessageDescriptor message, params object?[] args) => Errors.Enqueue((message, message.Render(args)));

    public void Error(string text) => Errors.Enqueue((null, text));

    public void Verbose(string text)
    {
    }

    public void Building(string project)
    {
    }

    public void BuildSucceeded()
    {
    }

    public void BuildFailed(IReadOnlyList<BuildDiagnostic> errors, string projectDirectory)
    {
    }

    public void Updated(UpdateSummary update) => Updates.Enqueue(update);

    public void HotReloaded(UpdateSummary update, string text) => Updates.Enqueue(update);

    public void App(AppEvent appEvent, string? replica = null) => AppEvents.Enqueue((appEvent, replica));

    public void ReplicasConnected(IReadOnlyList<string> replicas)
    {
    }
}
