using System.Text.RegularExpressions;

namespace DotnetLive.Testing;

/// <summary>A private copy of a sample or test asset (no bin/ or obj/), with its own port, that a test may edit.</summary>
internal sealed partial class SampleCopy : IDisposable
{
    private readonly TempDirectory _root = new();

    /// <param name="source">A folder of the repository: <see cref="Repository.Sample"/> or <see cref="Repository.Asset"/>.</param>
    /// <param name="folder">The copy's folder name; the source's by default.</param>
    public SampleCopy(string source, string? folder = null)
    {
        Directory = _root.Combine(folder ?? Path.GetFileName(source));
        Copy(source, Directory);
        var launchSettings = Path.Combine(Directory, "Properties", "launchSettings.json");
        if (File.Exists(launchSettings))
        {
            Port = Ports.Free();
            File.WriteAllText(launchSettings, LocalhostUrl().Replace(File.ReadAllText(launchSettings), $"http://localhost:{Port}"));
        }
    }

    public string Directory { get; }

    /// <summary>The folder above the copy, for files a user's repository would have there (nuget.config, Directory.Build.props).</summary>
    public TempDirectory Root => _root;

    public int Port { get; }

    public Uri Url(string path = "/") => new($"http://localhost:{Port}{path}");

    public string PathOf(string relative) => Path.Combine(Directory, relative);

    /// <summary>Rewrites a source file the way an editor saves it.</summary>
    public void Edit(string relative, string from, string to)
    {
        var path = PathOf(relative);
        var text = File.ReadAllText(path);
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
