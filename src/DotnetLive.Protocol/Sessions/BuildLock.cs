namespace DotnetLive.Protocol.Sessions;

/// <summary>
/// A project's build lock, build.lock next to its output manifest (obj/CONFIGURATION/TFM/dotnet-live/,
/// so one per output folder): held by `dotnet live` while it builds and ships the project, and by a
/// LiveDeploy build (an IDE's, `dotnet build`) of the project while a session runs, so that the two
/// never write the same obj/ and bin/ at once. It is an exclusive open of the file (FileShare.None: a
/// share mode on Windows, flock on Linux and macOS), so the OS releases it when its holder dies. Also
/// compiled into the .NET Framework build of the tasks.
/// </summary>
internal sealed class BuildLock : IDisposable
{
    public const string FileName = "build.lock";

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly FileStream _file;

    private BuildLock(FileStream file) => _file = file;

    /// <summary>
    /// Waits until the lock is free, calling <paramref name="waiting"/> once if it has to. Null when
    /// <paramref name="timeout"/> passes first: the caller builds anyway rather than never. Throws
    /// <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when the file cannot be
    /// opened at all (a folder of that name, a read-only obj/).
    /// </summary>
    public static async Task<BuildLock?> AcquireAsync(string path, TimeSpan timeout, Action waiting, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (TryAcquire(path) is { } free)
        {
            return free;
        }

        waiting();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(Poll, ct).ConfigureAwait(false);
            if (TryAcquire(path) is { } held)
            {
                return held;
            }
        }

        return null;
    }

    private static BuildLock? TryAcquire(string path)
    {
        try
        {
            return new BuildLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (e.GetType() == typeof(IOException))
        {
            return null; // Held by another build: a sharing violation, or flock's EWOULDBLOCK. (Its subclasses are other failures.)
        }
    }

    public void Dispose() => _file.Dispose();
}
