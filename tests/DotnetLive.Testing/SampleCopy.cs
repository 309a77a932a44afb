using System.Text.RegularExpressions;

namespace DotnetLive.Testing;

/// <summary>
/// A private copy of a sample or test asset (no bin/ or obj/), or an app made by `dotnet new` as a user
/// makes one, with its own port, that a test may edit.
/// </summary>
internal sealed partial class SampleCopy : IDisposable
{
    private readonly TempDirectory _root;

    /// <param name="source">A folder of the repository: <see cref="Repository.Sample"/> or <see cref="Repository.Asset"/>.</param>
    /// <param name="folder">The copy's folder name; the source's by default.</param>
    public SampleCopy(string source, string? folder = null)
        : this(new TempDirectory(), folder ?? Path.GetFileName(source), root => Copy(source, root.Combine(folder ?? Path.GetFileName(source))))
    {
    }

    private SampleCopy(TempDirectory root, string folder, Action<TempDirectory> make)
    {
        _root = root;
        Directory = root.Combine(folder);
        make(root);
        var launchSettings = Path.Combine(Directory, "Properties", "launchSettings.json");
        if (File.Exists(launchSettings))
        {
            Port = Ports.Free();
            File.WriteAllText(launchSettings, LocalhostUrl().Replace(File.ReadAllText(launchSettings), $"http://localhost:{Port}"));
        }
    }

    /// <summary>
    /// `dotnet new <paramref name="template"/> -o <paramref name="name"/>`, unrestored (the tool restores);
    /// with <paramref name="library"/>, a `dotnet new razorclasslib` next to it that the app references.
    /// </summary>
    public static async Task<SampleCopy> FromTemplateAsync(string template, string name, string? library = null)
    {
        var root = new TempDirectory();
        try
        {
            await NewAsync(root.Path, template, name);
            if (library is not null)
            {
                await NewAsync(root.Path, "razorclasslib", library);
                var (code, output) = await DotnetCli.RunAsync(root.Combine(name), ["add", "reference", Path.Combine("..", library, library + ".csproj")]);
                if (code != 0)
                {
                    throw new InvalidOperationException($"dotnet add reference failed ({code}): {output}");
                }
            }

            return new SampleCopy(root, name, _ => { });
        }
        catch
        {
            root.Dispose();
            throw;
        }
    }

    private static async Task NewAsync(string directory, string template, string name)
    {
        var (code, output) = await DotnetCli.RunAsync(directory, ["new", template, "-o", name, "--no-restore"]);
        if (code != 0)
        {
            throw new InvalidOperationException($"dotnet new {template} failed ({code}): {output}");
        }
    }

    public string Directory { get; }

    /// <summary>The folder above the copy, for files a user's repository would have there (nuget.config, Directory.Build.props).</summary>
    public TempDirectory Root => _root;

    public int Port { get; }

    public Uri Url(string path = "/") => new($"http://localhost:{Port}{path}");

    public string PathOf(string relative) => Path.Combine(Directory, relative);

    /// <summary>Adds <paramref name="text"/> at the end of a file, the way an editor saves it.</summary>
    public void Append(string relative, string text) => File.WriteAllText(PathOf(relative), File.ReadAllText(PathOf(relative)) + text);

    /// <summary>Rewrites a source file the way an editor saves it.</summary>
    public void Edit(string relative, string from, string to)
    {
        var path = PathOf(relative);
        var text = File.ReadAllText(path);
        if (text.Contains("\r\n", StringComparison.Ordinal))
        {
            // The templates' files end their lines as Windows does: so does the edit.
            from = from.Replace("\n", "\r\n", StringComparison.Ordinal);
            to = to.Replace("\n", "\r\n", StringComparison.Ordinal);
        }

        if (!text.Contains(from, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"'{from}' is not in {relative}.");
        }

        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    public void Dispose() => _root.Dispose();

    private static void Copy(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in System.IO.Directory.EnumerateDirectories(from))
        {
            if (Path.GetFileName(directory) is not ("bin" or "obj"))
            {
                Copy(directory, Path.Combine(to, Path.GetFileName(directory)));
            }
        }
    }

    [GeneratedRegex(@"http://localhost:\d+")]
    private static partial Regex LocalhostUrl();
}
