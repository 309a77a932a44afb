namespace DotnetLive.Tool.Build;

/// <summary>
/// One build at a time in the tool's process. MSBuild's build manager runs one build per process, and
/// the services of a solution share projects (a class library), which two builds at once — the tool's
/// in-process ones, or dotnet watch's start-up builds — would write at the same time. Every
/// <see cref="MsBuildWorkspace"/> evaluation and build, and every dotnet watch start until it watches,
/// takes its turn here; a single project's session never waits on it (its builds are already one at a time).
/// </summary>
internal static class BuildTurns
{
    private static readonly SemaphoreSlim Turn = new(1, 1);

    /// <summary>Waits for the turn; disposing the result gives it up (once).</summary>
    public static async Task<IDisposable> TakeAsync(CancellationToken ct)
    {
        await Turn.WaitAsync(ct).ConfigureAwait(false);
        return new Held();
    }

    /// <summary>The turn for work that cannot wait asynchronously (an evaluation).</summary>
    public static IDisposable Take()
    {
        Turn.Wait();
        return new Held();
    }

    private sealed class Held : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Turn.Release();
            }
        }
    }
}
