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
/// stages it is built on copy are sent, so only those make it again); else a base image shaped by the
/// SDK's container properties (ENV, LABEL, WORKDIR, EXPOSE, USER). The synclet goes on top of either
/// (<see cref="BuildContext"/>).
/// </summary>
internal sealed class ImageRecipe
{
    /// <summary>The Dockerfile's name in the context the tool sends: it may live outside the context, or be .dockerignore'd.</summary>
    private const string DockerfileEntry = ".dotnet-live.Dockerfile";

    private readonly ProjectModel _project;
    private readonly string? _dockerfile;
    private readonly string? _dockerfileText;
    private readonly IReadOnlyList<string> _files;

    private ImageRecipe(ProjectModel project)
    {
        _project = project;
        _dockerfile = project.Dockerfile;
        _files = [];
        if (_dockerfile is null)
        {
            Description = project.BaseImage;
            Lines = PropertyLines(project.ContainerSettings);
            Digest = Hash(string.Join('\n', Lines.Prepend(project.BaseImage)));
            return;
        }

        var settings = project.ContainerSettings;
        Description = $"the '{settings.FastModeStage}' stage of {_dockerfile}";
        Lines = [];
        try
        {
            _dockerfileText = File.ReadAllText(_dockerfile);
        }
        catch (IOException e)
        {
            throw new LiveException(Messages.DockerfileUnreadable, _dockerfile, e.Message);
        }

        var chain = Dockerfile.Parse(_dockerfileText).Chain(settings.FastModeStage)
            ?? throw new LiveException(Messages.DockerfileStageMissing, _dockerfile, settings.FastModeStage);
        if (!Directory.Exists(settings.Context))
        {
            throw new LiveException(Messages.DockerfileUnreadable, _dockerfile, $"its build context {settings.Context} is not a folder; set <DockerfileContext> to one");
        }

        _files = ContextFiles.Select(settings.Context, chain.SelectMany(s => s.Sources));
        var digest = new StringBuilder(_dockerfileText).Append('\n').AppendLine(settings.FastModeStage);
        foreach (var file in _files)
        {
            using var stream = File.OpenRead(Path.Combine(settings.Context, file));
            digest.Append(file).Append(' ').AppendLine(Convert.ToHexStringLower(SHA256.HashData(stream)));
        }

        Digest = Hash(digest.ToString());
    }

    /// <summary>What the dev image is made on, for messages.</summary>
    public string Description { get; }

    /// <summary>Everything the image is made from: a different digest means a different image.</summary>
    public string Digest { get; }

    /// <summary>The lines the container properties add on top of the base image (none with a Dockerfile).</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>The user the app runs as, when the project says (<c>ContainerUser</c>); else the image's.</summary>
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
            Target = _project.ContainerSettings.FastModeStage,
            Dockerfile = DockerfileEntry,
            Labels = labels.ToDictionary(),
            Remove = true,
            ForceRemove = true,
        }, context, stageTag, Description, ct).ConfigureAwait(false);
        return stageTag;
    }

    /// <summary>The context as the engine takes it: the Dockerfile and the files the stage copies.</summary>
    private MemoryStream Context()
    {
        var stream = new MemoryStream();
        using (var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, DockerfileEntry) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(_dockerfileText!)) });
            foreach (var file in _files)
            {
                tar.WriteEntry(Path.Combine(_project.ContainerSettings.Context, file), file);
            }
        }

        stream.Position = 0;
        return stream;
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
