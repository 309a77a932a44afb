using System.Globalization;
using DotnetLive.Protocol.Messages;

namespace DotnetLive.Tool.UI;

/// <summary>
/// Plain, timestamped lines, one event per line: what the tool shows when output is redirected, CI is
/// set or --no-hud is given. Tests assert on these lines.
/// </summary>
/// <param name="service">In a session of several services, the one whose events these are: each line says it.</param>
internal sealed class PlainReporter(TextWriter output, TextWriter error, bool verbose, string? service = null) : IReporter
{
    private const int CrashFramesShown = 10;

    /// <summary>One for every reporter: the services of a session write whole lines to the same output.</summary>
    private static readonly Lock Gate = new();
    private readonly string _tag = service is null ? "" : $"[{service}] ";

    public void Info(MessageDescriptor message, params object?[] args) => Write(output, message.Render(args));

    public void Error(MessageDescriptor message, params object?[] args) => Write(error, "error " + message.Render(args));

    public void Error(string text) => Write(error, "error " + text);

    public void Verbose(string text)
    {
        if (verbose)
        {
            Write(output, "  " + text);
        }
    }

    public void Building(string project) => Info(Messages.Building, project);

    public void BuildSucceeded()
    {
        // The update line that follows says it.
    }

    public void BuildFailed(IReadOnlyList<BuildDiagnostic> errors, string projectDirectory)
    {
        foreach (var diagnostic in errors)
        {
            Write(error, "  " + diagnostic.Format(projectDirectory));
        }

        Error(Messages.BuildFailed, errors.Count);
    }

    public void Updated(UpdateSummary update)
    {
        Verbose("shipped: " + string.Join(", ", update.Shipped));
        if (update is { Restarted: true, Reason: { } reason })
        {
            Info(Messages.RestartedFor, reason, update.Files, update.Bytes, update.BuildMs, update.SyncMs, update.RestartMs, update.EditToServingMs);
        }
        else if (update.Restarted)
        {
            Info(Messages.Updated, update.Files, update.Bytes, update.BuildMs, update.SyncMs, update.RestartMs, update.EditToServingMs);
        }
        else
        {
            Info(Messages.UpdatedInPlace, update.Files, update.Bytes, update.BuildMs, update.SyncMs, update.EditToServingMs);
        }
    }

    public void HotReloaded(UpdateSummary update, string text) => Info(Messages.HotReloaded, text);

    /// <summary>Every connect prints its own line (the pods ready); nothing more to say here.</summary>
    public void ReplicasConnected(IReadOnlyList<string> replicas)
    {
    }

    public void App(AppEvent appEvent, string? replica = null)
    {
        var from = replica is null ? "" : $"[{replica}] ";
        switch (appEvent)
        {
            case { Kind: AppEventKind.Stdout or AppEventKind.Stderr, Text: { } text }:
                Write(appEvent.Kind == AppEventKind.Stderr ? error : output, "[app] " + from + text);
                break;
            case { Kind: AppEventKind.Exited, Reason: ExitReason.Crashed, Crash: { } crash }:
                Write(error, "error " + from + Messages.AppCrashed.Render(appEvent.ExitCode, crash.ExceptionType, crash.Message));
                foreach (var frame in crash.StackFrames.Take(CrashFramesShown))
                {
                    Write(error, "    " + frame);
                }

                break;
            case { EndedOnItsOwn: true }:
                Info(Messages.AppExited, appEvent.ExitCode, replica is null ? "" : $" in pod {replica}");
                break;
            default:
                Verbose($"{from}app {appEvent.Kind.ToString().ToLowerInvariant()} (pid {appEvent.Pid}{(appEvent.ExitCode is { } code ? $", exit code {code}" : "")})");
                break;
        }
    }

    private void Write(TextWriter writer, string line)
    {
        var stamp = DateTime.Now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
        lock (Gate)
        {
            writer.WriteLine($"{stamp} {_tag}{line}");
            writer.Flush();
        }
    }
}
