using DotnetLive.Tool.UI;
using Microsoft.Build.Framework;

namespace DotnetLive.Tool.Build;

/// <summary>Collects a build's errors, with the project that raised each; everything else MSBuild says is not shown.</summary>
internal sealed class DiagnosticsLogger : ILogger
{
    private readonly Lock _gate = new();
    private readonly List<BuildDiagnostic> _errors = [];
    private readonly List<string> _projects = [];

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

    /// <summary>
    /// The errors of a build of <paramref name="project"/> among <paramref name="requested"/> built together:
    /// its own and those of projects none of the others is (a library they share fails them all).
    /// </summary>
    public IReadOnlyList<BuildDiagnostic> ErrorsOf(string project, IReadOnlyCollection<string> requested)
    {
        lock (_gate)
        {
            return _errors.Where((_, i) => _projects[i] == project || !requested.Contains(_projects[i])).Distinct().ToList();
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
            _projects.Add(e.ProjectFile ?? "");
        }
    }
}
