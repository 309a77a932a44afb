using System.Formats.Tar;
using System.Text;

namespace DotnetLive.Tool.Targets.Docker;

/// <summary>
/// The build context of the dev image, as the tar stream the engine takes: a Dockerfile that copies the
/// synclet in and makes it the entrypoint, and an empty app directory owned by the image's user. The
/// app itself arrives through the synclet, so the image does not change when the app does. Only COPY:
/// the base image needs no shell.
/// </summary>
internal static class BuildContext
{
    public const string Root = "/dotnet-live";
    public const string AppRoot = Root + "/app";

    /// <summary>Building in the cluster: where the synclet keeps the sources, its work tree and the build output.</summary>
    public const string SourceRoot = Root + "/source";
    public const int SyncletPort = 5999;

    /// <summary>
    /// Where the synclet reads the session token: put there by the tool before the container starts (docker,
    /// then deleted by the synclet) or a Secret's volume (kubernetes), in a folder only the image's user can enter.
    /// </summary>
    public const string TokenFile = TokenFolder + "/" + TokenFileName;

    /// <summary>The folder of <see cref="TokenFile"/> (container paths: '/' on every host, Windows too).</summary>
    public const string TokenFolder = Root + "/secret";

    public const string TokenFileName = "token";

    public static MemoryStream Create(string baseImage, string? user, IReadOnlyList<string> lines, string syncletDirectory, IReadOnlyDictionary<string, string> labels)
    {
        var stream = new MemoryStream();
        using (var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            Add(tar, "Dockerfile", Encoding.UTF8.GetBytes(Dockerfile(baseImage, user, lines, labels)));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "dotnet-live/app/") { Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "dotnet-live/source/") { Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "dotnet-live/secret/") { Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute });
            foreach (var file in Directory.EnumerateFiles(syncletDirectory))
            {
                Add(tar, "dotnet-live/synclet/" + Path.GetFileName(file), File.ReadAllBytes(file));
            }
        }

        stream.Position = 0;
        return stream;
    }

    /// <param name="lines">What the container properties add (ENV, LABEL, WORKDIR, EXPOSE).</param>
    /// <param name="user">The user the app runs as: it owns the app folder.</param>
    internal static string Dockerfile(string baseImage, string? user, IReadOnlyList<string> lines, IReadOnlyDictionary<string, string> labels)
    {
        var chown = string.IsNullOrEmpty(user) ? "" : $"--chown={user} ";
        var text = new StringBuilder();
        text.Append("FROM ").AppendLine(baseImage);
        foreach (var line in lines)
        {
            text.AppendLine(line);
        }

        text.Append("COPY ").Append(chown).Append("dotnet-live/ ").Append(Root).AppendLine("/");
        if (!string.IsNullOrEmpty(user))
        {
            text.Append("USER ").AppendLine(user);
        }

        foreach (var (name, value) in labels)
        {
            text.Append("LABEL ").Append(name).Append("=\"").Append(value.Replace("\"", "\\\"", StringComparison.Ordinal)).AppendLine("\"");
        }

        text.Append("EXPOSE ").AppendLine(SyncletPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        text.Append($"ENTRYPOINT [\"dotnet\", \"{Root}/synclet/DotnetLive.Synclet.dll\", \"--root\", \"{AppRoot}\", \"--token-file\", \"{TokenFile}\", \"--bind\", \"0.0.0.0\", \"--port\", \"{SyncletPort}\"]").AppendLine();
        return text.ToString();
    }

    private static void Add(TarWriter tar, string name, byte[] content)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            DataStream = new MemoryStream(content),
        };
        tar.WriteEntry(entry);
    }
}
