using System.Diagnostics;
using Microsoft.Build.Evaluation;
using Microsoft.Build.Execution;

namespace DotnetLive.Tool.Build;

/// <summary>
/// One build at a time in the tool's process. MSBuild's build manager runs one build per process, and
/// the services of a solution share projects (a class library), which two builds at once — the tool's
/// in-process ones, or dotnet watch's start-up builds — would write at the same time. Every
/// <see cref="MsBuildWorkspace"/> evaluation, restore and build, and every dotnet watch start until it
/// watches, takes its turn here. Builds asked for while another runs are built together, in one build
/// manager session (<see cref="BuildAsync"/>): a library the services share is built once, and each
/// service's build is ready at the same time. A single project's session never waits on any of it.
/// </summary>
internal static class BuildTurns
{
    /// <summary>How long a build of one of several projects waits for the others' requests (their watchers saw the same save).</summary>
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(30);

    private static readonly SemaphoreSlim Turn = new(1, 1);
    private static readonly Lock QueueGate = new();
    private static readonly List<Request> Queue = [];
    private static readonly Dictionary<string, int> Projects = new(StringComparer.Ordinal);

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

    /// <summary>A workspace of <paramref name="projectPath"/> builds in this process (until the result is disposed).</summary>
    public static IDisposable Join(string projectPath)
    {
        lock (QueueGate)
        {
            Projects[projectPath] = Projects.GetValueOrDefault(projectPath) + 1;
        }

        return new Joined(projectPath);
    }

    /// <summary>
    /// Builds <paramref name="request"/>, with every other request waiting for the turn when it comes:
    /// the caller that gets the turn builds them all. Cancelling one leaves the others' build running.
    /// </summary>
    public static async Task<BuildOutcome> BuildAsync(ProjectCollection collection, BuildRequestData request, CancellationToken ct)
    {
        var mine = new Request(collection, request);
        lock (QueueGate)
        {
            Queue.Add(mine);
        }

        using var cancel = ct.Register(() => mine.Cancel(ct));
        while (!mine.Done.Task.IsCompleted)
        {
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var turn = Turn.WaitAsync(waiting.Token);
            if (await Task.WhenAny(turn, mine.Done.Task).ConfigureAwait(false) != turn)
            {
                // Built by a batch another caller started, or cancelled.
                await waiting.CancelAsync().ConfigureAwait(false);
                if (await turn.ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default).ConfigureAwait(false))
                {
                    Turn.Release();
                }

                break;
            }

            try
            {
                await turn.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Cancelled while waiting for the turn: mine.Done says so.
                break;
            }

            if (mine.Done.Task.IsCompleted)
            {
                Turn.Release();
                break;
            }

            // The batch gives the turn back when it ends; this caller, like every other in it, goes on as
            // soon as its own project is built. Nothing awaits the batch: it cannot fail (every outcome,
            // exceptions included, goes to its request).
            _ = BuildQueuedAsync();
            break;
        }

        return await mine.Done.Task.ConfigureAwait(false);
    }

    /// <summary>Builds <paramref name="request"/> on its own in its turn (a restore: what it writes the next evaluation reads).</summary>
    public static async Task<BuildOutcome> BuildAloneAsync(ProjectCollection collection, BuildRequestData request, CancellationToken ct)
    {
        var mine = new Request(collection, request);
        using var cancel = ct.Register(() => mine.Cancel(ct));
        using (await TakeAsync(ct).ConfigureAwait(false))
        {
            await RunAsync([mine], own: null).ConfigureAwait(false);
        }

        return await mine.Done.Task.ConfigureAwait(false);
    }

    /// <summary>With the turn held: every request in the queue, in one session of the build manager; then the turn is given back.</summary>
    private static async Task BuildQueuedAsync()
    {
        try
        {
            await BuildQueueAsync().ConfigureAwait(false);
        }
        finally
        {
            Turn.Release();
        }
    }

    private static async Task BuildQueueAsync()
    {
        bool several;
        lock (QueueGate)
        {
            several = Projects.Count > 1;
        }

        if (several)
        {
            await Task.Delay(Gather).ConfigureAwait(false);
        }

        List<Request> batch;
        lock (QueueGate)
        {
            batch = [.. Queue.Where(r => !r.Done.Task.IsCompleted)];
            Queue.Clear();
        }

        if (batch.Count == 0)
        {
            return;
        }

        // One project: its workspace's collection (its parsed XML stays warm); several: a collection of the
        // batch's own, so that no workspace's collection is in use by a build it no longer waits for.
        using var own = batch.Count > 1 ? new ProjectCollection() : null;
        await RunAsync(batch, own).ConfigureAwait(false);
    }

    /// <summary>One session of the build manager for <paramref name="batch"/>; each request's outcome is set, none is thrown.</summary>
    private static async Task RunAsync(List<Request> batch, ProjectCollection? own)
    {
        var clock = Stopwatch.StartNew();
        var logger = new DiagnosticsLogger();
        var parameters = new BuildParameters(own ?? batch[0].Collection)
        {
            Loggers = [logger],
            EnableNodeReuse = false,
            MaxNodeCount = 1,
            DisableInProcNode = false,

            // Otherwise every build leaves its in-process node thread behind (seen: one thread per edit).
            ShutdownInProcNodeOnBuildFinish = true,
        };

        var manager = BuildManager.DefaultBuildManager;
        manager.BeginBuild(parameters);
        try
        {
            // Each request's outcome is told as soon as its project is built: that service ships while the others build.
            var projects = batch.Select(r => r.Data.ProjectFullPath).ToHashSet(StringComparer.Ordinal);
            var results = batch.Select(r =>
            {
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                manager.PendBuildRequest(r.Data).ExecuteAsync(submission =>
                {
                    var succeeded = submission.BuildResult?.OverallResult == BuildResultCode.Success;
                    r.Done.TrySetResult(new BuildOutcome(succeeded, succeeded ? [] : logger.ErrorsOf(r.Data.ProjectFullPath, projects), clock.ElapsedMilliseconds));
                    done.TrySetResult();
                }, null);
                return done.Task;
            }).ToList();

            // Cancelled only when nobody waits for it any more.
            foreach (var request in batch)
            {
                request.Abandoned = () =>
                {
                    if (batch.All(r => r.Done.Task.IsCanceled))
                    {
                        manager.CancelAllSubmissions();
                    }
                };
            }

            if (batch.All(r => r.Done.Task.IsCanceled))
            {
                manager.CancelAllSubmissions();
            }

            await Task.WhenAll(results).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            foreach (var request in batch)
            {
                request.Done.TrySetException(e);
            }
        }
        finally
        {
            foreach (var request in batch)
            {
                request.Abandoned = null;
            }

            await Task.Run(manager.EndBuild, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>A build asked for, and its outcome once built (or cancelled by its caller).</summary>
    private sealed class Request(ProjectCollection collection, BuildRequestData data)
    {
        public ProjectCollection Collection => collection;

        public BuildRequestData Data => data;

        public TaskCompletionSource<BuildOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Set while its batch builds: told when its caller stopped waiting.</summary>
        public Action? Abandoned { get; set; }

        public void Cancel(CancellationToken ct)
        {
            if (Done.TrySetCanceled(ct))
            {
                lock (QueueGate)
                {
                    Queue.Remove(this);
                }

                Abandoned?.Invoke();
            }
        }
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

    private sealed class Joined(string projectPath) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                lock (QueueGate)
                {
                    if ((Projects[projectPath] -= 1) == 0)
                    {
                        Projects.Remove(projectPath);
                    }
                }
            }
        }
    }
}
