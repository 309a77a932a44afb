using DotnetLive.Tool.Projects;
using DotnetLive.Tool.UI;
using Microsoft.Build.Evaluation;
using Microsoft.Build.Exceptions;
using Microsoft.Build.Execution;

namespace DotnetLive.Tool.Build;

/// <summary>
/// MSBuild inside the tool's process, kept warm between edits: parsed project XML is cached in one
/// ProjectCollection (dropped when a project file changes) and builds run on the in-process node with
/// the compiler server, so an edit pays for the compile, not for MSBuild's start-up.
/// </summary>
internal sealed class MsBuildWorkspace : IDisposable
{
    private readonly string _projectPath;
    private readonly IDisposable _joined;
    private readonly Dictionary<string, string> _globalProperties = new(StringComparer.OrdinalIgnoreCase)
    {
        // With CustomAfterMicrosoftCommonTargets (set in the constructor), runs the manifest targets of DotnetLive.Tasks.targets after Build.
        ["_DotnetLiveSession"] = "true",
        // A warm compiler server is most of the difference between a 1 s and a 4 s incremental build.
        ["UseSharedCompilation"] = "true",
    };

    /// <param name="properties">The user's --property values; they win over the project's own.</param>
    public MsBuildWorkspace(string projectPath, string tasksTargets, string configuration, IReadOnlyDictionary<string, string> properties)
    {
        _projectPath = projectPath;
        _joined = BuildTurns.Join(projectPath);
        foreach (var (name, value) in properties)
        {
            _globalProperties[name] = value;
        }

        _globalProperties["Configuration"] = configuration;
        _globalProperties["CustomAfterMicrosoftCommonTargets"] = tasksTargets;
    }

    private ProjectCollection _collection = new();

    /// <summary>Drops cached project XML; called after a project file changed.</summary>
    public void Reset()
    {
        _collection.UnloadAllProjects();
        _collection.Dispose();
        _collection = new ProjectCollection();
    }

    public ProjectModel Evaluate()
    {
        using var turn = BuildTurns.Take();
        try
        {
            var instance = CreateInstance(_projectPath, _globalProperties);
            if (instance.GetPropertyValue("TargetFramework").Length == 0
                && instance.GetPropertyValue("TargetFrameworks").Split(';', StringSplitOptions.RemoveEmptyEntries) is [var first, ..])
            {
                // Multi-targeted: run the first framework, as `dotnet run` asks you to choose.
                _globalProperties["TargetFramework"] = first;
                instance = CreateInstance(_projectPath, _globalProperties);
            }

            var outputType = instance.GetPropertyValue("OutputType");
            if (!outputType.Equals("Exe", StringComparison.OrdinalIgnoreCase) && !outputType.Equals("WinExe", StringComparison.OrdinalIgnoreCase))
            {
                throw new LiveException(Messages.NotAnApp, _projectPath, outputType);
            }

            return ProjectModelReader.Read(instance, _projectPath, p => CreateInstance(p, ReferenceProperties()));
        }
        catch (InvalidProjectFileException e)
        {
            throw new LiveException(Messages.InvalidProject, $"{e.ProjectFile}({e.LineNumber},{e.ColumnNumber}): {e.BaseMessage}");
        }
    }

    /// <summary>Restores packages in a throw-away collection, as `dotnet build` does, then drops cached XML.</summary>
    public async Task<BuildOutcome> RestoreAsync(CancellationToken ct)
    {
        var properties = new Dictionary<string, string>(_globalProperties, StringComparer.OrdinalIgnoreCase)
        {
            ["MSBuildRestoreSessionId"] = Guid.NewGuid().ToString("D"),
            ["MSBuildIsRestoring"] = "true",
            ["ExcludeRestorePackageImports"] = "true",
        };
        using var restoreCollection = new ProjectCollection();
        var outcome = await BuildTurns.BuildAloneAsync(
            restoreCollection,
            new BuildRequestData(_projectPath, properties, null, ["Restore"], null,
                BuildRequestDataFlags.ClearCachesAfterBuild | BuildRequestDataFlags.SkipNonexistentTargets | BuildRequestDataFlags.IgnoreMissingEmptyAndInvalidImports),
            ct).ConfigureAwait(false);
        Reset();
        return outcome;
    }

    /// <summary>Builds the project; with the other workspaces' builds asked for meanwhile (<see cref="BuildTurns.BuildAsync"/>).</summary>
    public Task<BuildOutcome> BuildAsync(CancellationToken ct) =>
        BuildTurns.BuildAsync(_collection, new BuildRequestData(_projectPath, _globalProperties, null, ["Build"], null), ct);

    private ProjectInstance CreateInstance(string path, IDictionary<string, string> properties) =>
        new(path, properties, toolsVersion: null, _collection);

    private Dictionary<string, string> ReferenceProperties()
    {
        var properties = new Dictionary<string, string>(_globalProperties, StringComparer.OrdinalIgnoreCase);
        properties.Remove("TargetFramework");
        return properties;
    }

    public void Dispose()
    {
        _joined.Dispose();
        _collection.UnloadAllProjects();
        _collection.Dispose();
    }
}
