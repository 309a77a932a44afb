using System.Diagnostics;
using System.Globalization;
using System.Text;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Processes;
using DotnetLive.Synclet.Interop;
using DotnetLive.Synclet.Store;

namespace DotnetLive.Synclet.Build;

/// <summary>
/// Builds the app next to it (build in the cluster). The project's sources arrive as updates to their
/// own store (<c>store/</c>: releases, hash-verified, swapped atomically like the app's), are mirrored
/// into one fixed work tree (<c>work/</c>, where obj/ stays between builds, so builds are incremental),
/// and built there by the SDK in the image with its compiler server and MSBuild server kept warm
/// between edits. Restore runs only when a project or package file changed. One build at a time, each
/// into an empty output folder (so nothing a removed reference or a renamed assembly left is shipped),
/// stopped when the synclet stops or the build runs past its timeout.
/// </summary>
internal sealed class SourceBuilder
{
    private static readonly string[] RestoreInputs = [".csproj", ".fsproj", ".vbproj", ".props", ".targets", "packages.lock.json", "nuget.config", "global.json"];
    private readonly string _work;
    private readonly string _output;
    private readonly TimeSpan _timeout;
    private string? _restoredProject;
    private string? _builtProject;

    private SourceBuilder(AppStore sources, string work, string output, TimeSpan timeout)
    {
        Sources = sources;
        _work = work;
        _output = output;
        _timeout = timeout;
    }

    public AppStore Sources { get; }

    /// <summary>Serializes builds: one at a time, each on the latest sources.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <param name="root">Where sources, the work tree and the build output live.</param>
    /// <param name="timeout">How long one build may run before it is stopped.</param>
    public static SourceBuilder Open(string root, TimeSpan timeout)
    {
        var builder = new SourceBuilder(AppStore.Open(Path.Combine(root, "store")), Path.Combine(root, "work"), Path.Combine(root, "out"), timeout);
        builder.MirrorAll();
        return builder;
    }

    /// <summary>
    /// Puts the live sources' <paramref name="written"/> files into the work tree and removes
    /// <paramref name="deleted"/> ones; should that fail part-way, the work tree is made again from all
    /// the live sources, so it never stays apart from them.
    /// </summary>
    public void Mirror(IEnumerable<string> written, IEnumerable<string> deleted)
    {
        try
        {
            Place(written, deleted);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"synclet: the work tree could not follow the sources ({e.Message}); making it again");
            MirrorAll();
        }
    }

    /// <summary>The work tree made again from all the live sources (its obj/ folders go: the next build is a full one).</summary>
    private void MirrorAll()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }

        Place(Sources.Manifest.Entries.Select(e => e.Path), []);
    }

    private void Place(IEnumerable<string> written, IEnumerable<string> deleted)
    {
        foreach (var path in written)
        {
            var target = Path.Combine(_work, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Delete(target);
            LibC.LinkOrCopy(Path.Combine(Sources.CurrentDirectory, path), target);
        }

        foreach (var path in deleted)
        {
            File.Delete(Path.Combine(_work, path));
        }
    }

    /// <summary>True when the paths touch what restore reads.</summary>
    public static bool NeedsRestore(IEnumerable<string> paths) =>
        paths.Any(p => RestoreInputs.Any(input => p.EndsWith(input, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Builds <paramref name="project"/> (relative to the source root) in the work tree; on success the output's manifest, else the errors (paths relative to the source root).</summary>
    public async Task<BuildResult> BuildAsync(string project, bool restore, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        if (_builtProject is not null && _builtProject != project)
        {
            // The source root moved (a project reference from outside it was added): the old layout's
            // obj/ and bin/ folders would be globbed into the new one's build, so start from a clean tree.
            MirrorAll();
        }

        // Only what this build puts there is the app: not what an earlier build's references or old assembly name left.
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }

        _builtProject = project;
        List<string> arguments = ["build", Path.Combine(_work, project), "-c", "Debug", "--nologo", "-v:quiet", "-clp:NoSummary", $"-p:OutDir={_output}/", "-nodeReuse:true"];
        if (!restore && _restoredProject == project)
        {
            arguments.Add("--no-restore");
        }

        var output = new StringBuilder();
        var spec = new ProcessSpec("dotnet", arguments)
        {
            WorkingDirectory = _work,

            // Warm between edits: the MSBuild server, its reused nodes and the compiler server outlive each build.
            Environment = new Dictionary<string, string>
            {
                ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "1",
                ["MSBUILDDISABLENODEREUSE"] = "0",
                ["UseSharedCompilation"] = "true",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
                ["DOTNET_CLI_UI_LANGUAGE"] = "en",
            },
            OnOutput = (_, line) => Append(output, line),
            OnError = (_, line) => Append(output, line),

            // A build is cancelled for newer sources: nothing of it is kept, so it is not asked to stop.
            GracePeriod = TimeSpan.Zero,
        };
        using var process = ChildProcess.Start(spec);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await process.StopAsync().ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            return new BuildResult(null, _output, [string.Create(CultureInfo.InvariantCulture, $"dotnet build did not finish within {_timeout.TotalSeconds:0} s and was stopped (the synclet's --build-timeout-seconds): {output.ToString().Trim()}")], clock.ElapsedMilliseconds);
        }

        if (process.ExitCode == 0)
        {
            _restoredProject = project;
            return new BuildResult(ManifestBuilder.Build(_output), _output, [], clock.ElapsedMilliseconds);
        }

        var errors = Errors(output.ToString());
        return new BuildResult(null, _output, errors.Count > 0 ? errors : [$"dotnet build exited with code {process.ExitCode}: {output.ToString().Trim()}"], clock.ElapsedMilliseconds);
    }

    /// <summary>MSBuild's error lines, distinct, with the work tree's paths made relative and the trailing [project] dropped.</summary>
    private List<string> Errors(string output)
    {
        var prefix = _work.TrimEnd('/') + "/";
        return output.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Contains(": error ", StringComparison.Ordinal))
            .Select(l => l.EndsWith(']') && l.LastIndexOf(" [", StringComparison.Ordinal) is > 0 and var bracket ? l[..bracket] : l)
            .Select(l => l.Replace(prefix, "", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    // Both streams' readers append to it at once.
    private static void Append(StringBuilder output, string line)
    {
        lock (output)
        {
            output.AppendLine(line);
        }
    }
}

/// <summary>What a build next to the app gave: the output's manifest (null when it failed), and the errors.</summary>
internal sealed record BuildResult(FileManifest? Output, string OutputDirectory, IReadOnlyList<string> Errors, long ElapsedMs);
