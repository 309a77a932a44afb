using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Targets.Docker;

/// <summary>
/// What the dev image is made on, read from the project the way the IDEs and the SDK read it: the
/// fast-mode stage of its Dockerfile, built with its own context (only the files that stage and the
/// stages before it copy are sent — the engine's classic builder runs those — so only those make it
/// again); else a base image shaped by the SDK's container properties (ENV, LABEL, WORKDIR, EXPOSE,
/// USER). The synclet goes on top of either (<see cref="BuildContext"/>).
/// </summary>
internal sealed class ImageRecipe
{
    /// <summary>The Dockerfile's name in the context the tool sends: it may live outside the context, or be .dockerignore'd.</summary>
    private const string DockerfileEntry = ".dotnet-live.Dockerfile";

    private readonly ProjectModel _project;
    private readonly string? _dockerfile;
    private readonly string? _dockerfileText;
    private readonly IReadOnlyList<string> _files = [];

    private ImageRecipe(ProjectModel project)
    {
        _project = project;
        var settings = project.ContainerSettings;
        if (project.Dockerfile is { } dockerfile)
        {
            string text;
            try
            {
                text = File.ReadAllText(dockerfile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new LiveException(Messages.DockerfileUnreadable, dockerfile, e.Message);
            }

            if (Dockerfile.Parse(text).UpTo(settings.Stage) is { } stages)
            {
                _dockerfile = dockerfile;
                _dockerfileText = text;
                _files = Files(dockerfile, settings.Context, stages.SelectMany(s => s.Sources));
            }
            else if (settings.FastModeStage.Length > 0)
            {
                throw new LiveException(Messages.DockerfileStageMissing, dockerfile, settings.FastModeStage);
            }
            else
            {
                // A Dockerfile for production only (`docker init` makes build and final stages): the dev image is made as without one.
                IgnoredDockerfile = dockerfile;
            }
        }

        if (_dockerfile is null)
        {
            Description = project.BaseImage;
            Lines = PropertyLines(settings);
            Digest = Hash(string.Join('\n', Lines.Prepend(project.BaseImage).Append("USER " + settings.User)));
            return;
        }

        Description = $"the '{settings.Stage}' stage of {_dockerfile}";
        Lines = [];
        var digest = new StringBuilder(_dockerfileText).Append('\n').AppendLine(settings.Stage);
        foreach (var file in _files)
        {
            digest.Append(file).Append(' ').AppendLine(FileHash(_dockerfile, Path.Combine(settings.Context, file)));
        }

        Digest = Hash(digest.ToString());
    }

    /// <summary>What the dev image is made on, for messages.</summary>
    public string Description { get; }

    /// <summary>Everything the image is made from: a different digest means a different image.</summary>
    public string Digest { get; }

    /// <summary>The lines the container properties add on top of the base image (none with a Dockerfile).</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>The project's Dockerfile when it has no stage to run the app on (none was set): not used.</summary>
    public string? IgnoredDockerfile { get; }

    /// <summary>
    /// Made from the container properties with no <c>ContainerUser</c>: the app runs as the base image's
    /// <c>APP_UID</c>, the SDK's choice (not when building in the cluster: the SDK image builds as its own user).
    /// </summary>
    public bool RunsAsAppUid => _dockerfile is null && !_project.BuildsInCluster && _project.ContainerSettings.User.Length == 0;

    /// <summary>The user the app runs as, when the project says (<c>ContainerUser</c>, without a Dockerfile).</summary>
    public string? User => _dockerfile is null && _project.ContainerSettings.User.Length > 0 ? _project.ContainerSettings.User : null;

    public static ImageRecipe For(ProjectModel project) => new(project);

    /// <summary>The image the dev image starts FROM: the base image, or the Dockerfile's stage built as <paramref name="stageTag"/>.</summary>
    public async Task<string> BaseAsync(DockerClient docker, string stageTag, IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        if (_dockerfile is null)
        {
            return _project.BaseImage;
        }

        using var context = Context();
        await DevImage.RunBuildAsync(docker, new ImageBuildParameters
        {
            Tags = [stageTag],
            Target = _project.ContainerSettings.Stage,
            Dockerfile = DockerfileEntry,
            Labels = labels.ToDictionary(),
            Remove = true,
            ForceRemove = true,
        }, context, stageTag, Description, ct).ConfigureAwait(false);
        return stageTag;
    }

    /// <summary>The context as the engine takes it: the Dockerfile and the files the stages copy.</summary>
    private MemoryStream Context()
    {
        var stream = new MemoryStream();
        using (var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, DockerfileEntry) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(_dockerfileText!)) });
            foreach (var file in _files)
            {
                try
                {
                    tar.WriteEntry(Path.Combine(_project.ContainerSettings.Context, file), file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new LiveException(Messages.DockerfileUnreadable, _dockerfile!, $"{file} in its context cannot be read ({e.Message})");
                }
            }
        }

        stream.Position = 0;
        return stream;
    }

    private static IReadOnlyList<string> Files(string dockerfile, string context, IEnumerable<string> sources)
    {
        if (!Directory.Exists(context))
        {
            throw new LiveException(Messages.DockerfileUnreadable, dockerfile, $"its build context {context} is not a folder; set <DockerfileContext> to one");
        }

        try
        {
            return ContextFiles.Select(context, sources);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LiveException(Messages.DockerfileUnreadable, dockerfile, $"its build context {context} cannot be read ({e.Message})");
        }
    }

    /// <summary>A file's content hash; a symbolic link's target (the engine copies the link, not what it names).</summary>
    private static string FileHash(string dockerfile, string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is { } target
                ? "-> " + target
                : Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LiveException(Messages.DockerfileUnreadable, dockerfile, $"{path} in its context cannot be read ({e.Message})");
        }
    }

    /// <summary>The SDK's container properties as Dockerfile lines (values quoted, '$' not expanded).</summary>
    internal static IReadOnlyList<string> PropertyLines(ContainerSettings settings)
    {
        static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("$", "\\$", StringComparison.Ordinal) + "\"";
        var lines = new List<string>();
        lines.AddRange(settings.Environment.Select(e => $"ENV {e.Key}={Quote(e.Value)}"));
        lines.AddRange(settings.Labels.Select(l => $"LABEL {Quote(l.Key)}={Quote(l.Value)}"));
        if (settings.WorkingDirectory.Length > 0)
        {
            lines.Add("WORKDIR " + settings.WorkingDirectory);
        }

        lines.AddRange(settings.Ports.Select(p => "EXPOSE " + p));
        return lines;
    }

    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
