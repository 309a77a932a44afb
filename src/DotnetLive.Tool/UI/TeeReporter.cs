using DotnetLive.Protocol.Messages;

namespace DotnetLive.Tool.UI;

/// <summary>Every event to two reporters: the console's (HUD, plain lines or JSON) and the dashboard's.</summary>
internal sealed class TeeReporter(IReporter first, IReporter second) : IReporter
{
    public void Info(MessageDescriptor message, params object?[] args)
    {
        first.Info(message, args);
        second.Info(message, args);
    }

    public void Error(MessageDescriptor message, params object?[] args)
    {
        first.Error(message, args);
        second.Error(message, args);
    }

    public void Error(string text)
    {
        first.Error(text);
        second.Error(text);
    }

    public void Verbose(string text)
    {
        first.Verbose(text);
        second.Verbose(text);
    }

    public void Building(string project)
    {
        first.Building(project);
        second.Building(project);
    }

    public void BuildSucceeded()
    {
        first.BuildSucceeded();
        second.BuildSucceeded();
    }

    public void BuildFailed(IReadOnlyList<BuildDiagnostic> errors, string projectDirectory)
    {
        first.BuildFailed(errors, projectDirectory);
        second.BuildFailed(errors, projectDirectory);
    }

    public void Updated(UpdateSummary update)
    {
        first.Updated(update);
        second.Updated(update);
    }

    public void HotReloaded(UpdateSummary update, string text)
    {
        first.HotReloaded(update, text);
        second.HotReloaded(update, text);
    }

    public void App(AppEvent appEvent, string? replica = null)
    {
        first.App(appEvent, replica);
        second.App(appEvent, replica);
    }

    public void ReplicasConnected(IReadOnlyList<string> replicas)
    {
        first.ReplicasConnected(replicas);
        second.ReplicasConnected(replicas);
    }
}
