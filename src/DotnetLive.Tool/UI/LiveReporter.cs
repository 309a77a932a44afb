using System.Globalization;
using DotnetLive.Protocol.Messages;
using DotnetLive.Tool.Build;

namespace DotnetLive.Tool.UI;

/// <summary>
/// Plain, timestamped lines, one event per line: what the tool shows until the HUD lands, and what it
/// will show when output is redirected.
/// </summary>
internal sealed class LiveReporter(TextWriter output, TextWriter error, bool verbose)
{
    private readonly Lock _gate = new();

    public bool IsVerbose => verbose;

    public void Info(MessageDescriptor message, params object?[] args) => Write(output, message.Render(args));

    public void Error(MessageDescriptor message, params object?[] args) => Write(error, "error " + message.Render(args));

    public void Error(string text) => Write(error, "error " + text);

    public void Diagnostics(IEnumerable<BuildDiagnostic> diagnostics, string projectDirectory)
    {
        foreach (var diagnostic in diagnostics)
        {
            Write(error, "  " + diagnostic.Format(projectDirectory));
        }
    }

    public void App(AppEvent appEvent)
    {
        if (appEvent.Text is { } text)
        {
            Write(appEvent.Kind == AppEventKinds.Stderr ? error : output, "[app] " + text);
        }
    }

    public void Verbose(string text)
    {
        if (verbose)
        {
            Write(output, "  " + text);
        }
    }

    private void Write(TextWriter writer, string line)
    {
        var stamp = DateTime.Now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
        lock (_gate)
        {
            writer.WriteLine($"{stamp} {line}");
            writer.Flush();
        }
    }
}
