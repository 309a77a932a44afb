using System.Text.Json;
using System.Text.RegularExpressions;
using DotnetLive.Protocol.Messages;

namespace DotnetLive.Tool.UI;

/// <summary>
/// <c>--json</c>: one JSON object per line on stdout for each event the HUD shows, and nothing else
/// there, for editors, scripts and CI to read. Every object has <c>event</c> and <c>at</c> (when it
/// happened: an app event's own time, an update's, else now); the README lists each event's fields.
/// Field names are camelCase; absent values are left out.
/// </summary>
/// <param name="service">In a session of several services, the one whose events these are: each object has it as <c>service</c>.</param>
internal sealed partial class JsonReporter(TextWriter output, bool verbose, string? service = null) : IReporter
{
    /// <summary>One for every reporter: the services of a session write whole lines to the same output.</summary>
    private static readonly Lock Gate = new();

    public void Info(MessageDescriptor message, params object?[] args) => Message("info", message.Code, message.Render(args));

    public void Error(MessageDescriptor message, params object?[] args) => Message("error", message.Code, message.Render(args));

    /// <summary>An error already rendered (a target's <see cref="LiveException"/>): its code is the text's prefix.</summary>
    public void Error(string text) => Message("error", CodePrefix().Match(text) is { Success: true } code ? code.Groups[1].Value : null, text);

    public void Verbose(string text)
    {
        if (verbose)
        {
            Message("verbose", null, text);
        }
    }

    public void Building(string project) => Write("buildStarted", w => w.WriteString("project", project));

    public void BuildSucceeded() => Write("buildSucceeded", _ => { });

    public void BuildFailed(IReadOnlyList<BuildDiagnostic> errors, string projectDirectory) => Write("buildFailed", w =>
    {
        w.WriteStartArray("errors");
        foreach (var error in errors)
        {
            w.WriteStartObject();
            OptionalString(w, "file", error.File);
            w.WriteNumber("line", error.Line);
            w.WriteNumber("column", error.Column);
            OptionalString(w, "code", error.Code);
            w.WriteString("message", error.Message);
            w.WriteString("text", error.Format(projectDirectory));
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    public void Updated(UpdateSummary update) => Write("updated", update.At, w =>
    {
        // The path the edit took: applied in place by Hot Reload, the app restarted, or files it reads live moved under it.
        w.WriteString("path", update.HotReload ? "hotReload" : update.Restarted ? "restart" : "inPlace");
        OptionalString(w, "reason", update.Reason);
        w.WriteNumber("files", update.Files);
        w.WriteNumber("bytes", update.Bytes);
        w.WriteNumber("buildMs", update.BuildMs);
        w.WriteNumber("syncMs", update.SyncMs);
        w.WriteNumber("restartMs", update.RestartMs);
        w.WriteNumber("editToServingMs", update.EditToServingMs);
        Strings(w, "shipped", update.Shipped);
    });

    public void HotReloaded(UpdateSummary update, string text)
    {
        Updated(update);
        Message("info", null, Messages.HotReloaded.Render(text));
    }

    public void App(AppEvent appEvent, string? replica = null)
    {
        if (appEvent is { Kind: AppEventKind.Stdout or AppEventKind.Stderr })
        {
            Write("log", appEvent.At, w =>
            {
                OptionalString(w, "replica", replica);
                w.WriteString("stream", appEvent.Kind == AppEventKind.Stderr ? "stderr" : "stdout");
                w.WriteString("text", appEvent.Text ?? "");
            });
            return;
        }

        Write("app", appEvent.At, w =>
        {
            OptionalString(w, "replica", replica);
            w.WriteString("state", appEvent.Kind switch
            {
                AppEventKind.Started => "started",
                AppEventKind.Ready => "ready",
                _ => appEvent.Reason switch
                {
                    ExitReason.Stopped => "stopped",
                    ExitReason.Exited => "exited",
                    _ => "crashed",
                },
            });
            if (appEvent.Pid is { } pid)
            {
                w.WriteNumber("pid", pid);
            }

            if (appEvent.ExitCode is { } code)
            {
                w.WriteNumber("exitCode", code);
            }

            if (appEvent.Crash is { } crash)
            {
                w.WriteStartObject("crash");
                w.WriteString("exceptionType", crash.ExceptionType);
                w.WriteString("message", crash.Message);
                Strings(w, "stackFrames", crash.StackFrames);
                w.WriteEndObject();
            }
        });
    }

    public void ReplicasConnected(IReadOnlyList<string> replicas) => Write("replicas", w => Strings(w, "replicas", replicas));

    private void Message(string kind, string? code, string text) => Write(kind, w =>
    {
        OptionalString(w, "code", code);
        w.WriteString("message", text);
    });

    private static void Strings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void OptionalString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private void Write(string kind, Action<Utf8JsonWriter> fields) => Write(kind, DateTimeOffset.Now, fields);

    private void Write(string kind, DateTimeOffset at, Action<Utf8JsonWriter> fields)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("event", kind);
            writer.WriteString("at", at);
            OptionalString(writer, "service", service);
            fields(writer);
            writer.WriteEndObject();
        }

        var line = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        lock (Gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    [GeneratedRegex(@"^(DLIVE\d{4}): ")]
    private static partial Regex CodePrefix();
}
