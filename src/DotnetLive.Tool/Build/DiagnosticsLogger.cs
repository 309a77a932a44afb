using DotnetLive.Tool.UI;
using Microsoft.Build.Framework;

namespace DotnetLive.Tool.Build;

/// <summary>Collects a build's errors; everything else MSBuild says is not shown.</summary>
internal sealed class DiagnosticsLogger : ILogger
{
    private readonly Lock _gate = new();
    private readonly List<BuildDiagnostic> _errors = [];

    public LoggerVerbosity Verbosity { get; set; } = LoggerVerbosity.Quiet;

    public string? Parameters { get; set; }

    public IReadOnlyList<BuildDiagnostic> Errors
    {
        get
        {
            lock (_gate)
            {
                return _errors.Distinct().ToList();
            }
        }
    }

    public void Initialize(IEventSource eventSource) => eventSource.ErrorRaised += OnError;

    public void Shutdown()
    {
    }

    private void OnError(object sender, BuildErrorEventArgs e)
    {
        var file = e.File is { Length: > 0 } f && e.ProjectFile is { } project && !Path.IsPathRooted(f)
            ? Path.GetFullPath(f, Path.GetDirectoryName(project)!)
            : e.File;
        lock (_gate)
        {
            _errors.Add(new BuildDiagnostic(file, e.LineNumber, e.ColumnNumber, e.Code, e.Message ?? ""));
        }
    }
}
