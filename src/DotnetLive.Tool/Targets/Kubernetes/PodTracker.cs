using k8s;
using k8s.Models;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Targets.Kubernetes;

/// <summary>
/// Lists and then watches (from the list's resourceVersion) the pods of the workload, and keeps which
/// of them run this session's pod template and are ready. A pod is this session's only through its
/// owner chain: its controller is a ReplicaSet whose controller is the Deployment the session applied
/// (by uid), not by labels and annotations anyone who can create a pod can copy. Each ready pod is known by its uid and the
/// app container's id, so a replaced pod or a restarted container (both come back with the image's
/// binaries) is a change: the signal <see cref="WaitForReadyAsync"/> hands out completes and the tool resyncs. Why pods do not get
/// ready is reported once per cause, with the last log lines of a container in a crash loop.
/// </summary>
internal sealed class PodTracker : IAsyncDisposable
{
    private readonly KubeCluster _cluster;
    private readonly Workload _workload;
    private readonly string _session;
    private readonly string _deploymentUid;
    private readonly IReporter _reporter;
    private readonly Dictionary<string, V1Pod> _pods = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    /// <summary>Whether the ReplicaSet of that uid is the Deployment's; only answers the API server gave.</summary>
    private readonly Dictionary<string, bool> _replicaSets = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly object _lock = new();
    private IReadOnlyList<V1Pod> _ready = [];
    private string _readyIdentity = "";
    private TaskCompletionSource _changed = NewSignal();
    private Task _loop = Task.CompletedTask;

    /// <param name="deploymentUid">The uid of the Deployment the session applied.</param>
    public PodTracker(KubeCluster cluster, Workload workload, string deploymentUid, IReporter reporter)
    {
        _cluster = cluster;
        _workload = workload;
        _deploymentUid = deploymentUid;
        _session = workload.Deployment.Spec.Template.Metadata.Annotations[Workload.SessionAnnotation];
        _reporter = reporter;
    }

    /// <summary>The problems seen so far, for the message when a rollout never gets ready.</summary>
    public IReadOnlyCollection<string> Problems
    {
        get
        {
            lock (_lock)
            {
                return [.. _reported.Select(r => r[(r.IndexOf('\n', StringComparison.Ordinal) + 1)..])];
            }
        }
    }

    public void Start() => _loop = RunAsync(_stop.Token);

    /// <summary>
    /// The ready pods of this session once there are <paramref name="wanted"/> of them; after
    /// <paramref name="timeout"/>, those that are ready, or null when none is. With them, the signal
    /// of the next change after that snapshot.
    /// </summary>
    public async Task<(IReadOnlyList<V1Pod> Pods, Task Changed)?> WaitForReadyAsync(int wanted, TimeSpan timeout, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            Task changed;
            TimeSpan left;
            lock (_lock)
            {
                left = timeout - clock.Elapsed;
                if (_ready.Count >= wanted || left <= TimeSpan.Zero)
                {
                    return _ready.Count > 0 ? (_ready, _changed.Task) : null;
                }

                changed = _changed.Task;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var timer = Task.Delay(left, wait.Token);
            await Task.WhenAny(changed, timer).ConfigureAwait(false);
            await wait.CancelAsync().ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
        }
    }

    public V1Pod? FirstReady()
    {
        lock (_lock)
        {
            return _ready.FirstOrDefault();
        }
    }

    /// <summary>
    /// Pods ready for updates: this session's, not being deleted, with the synclet's container running.
    /// Not the pod's Ready condition: an app that crashed leaves its pod not ready, and the fix has to reach it.
    /// </summary>
    private bool IsReady(V1Pod pod) =>
        IsOurs(pod)
        && pod.Metadata.DeletionTimestamp is null
        && pod.Status?.Phase == "Running"
        && pod.Status.ContainerStatuses?.FirstOrDefault(c => c.Name == _workload.Container)?.State?.Running is not null;

    /// <summary>Whether the pod is (still) one of those ready for updates.</summary>
    public bool IsReady(string pod)
    {
        lock (_lock)
        {
            return _ready.Any(p => p.Metadata.Name == pod);
        }
    }

    private bool IsOurs(V1Pod pod) =>
        pod.Metadata.Annotations?.TryGetValue(Workload.SessionAnnotation, out var session) == true && session == _session
        && Controller(pod) is { } owner && _replicaSets.GetValueOrDefault(owner.Uid);

    private static V1OwnerReference? Controller(V1Pod pod) =>
        pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o is { Kind: "ReplicaSet", ApiVersion: "apps/v1" });

    /// <summary>Reads the ReplicaSets of the session's pods that are not known yet: each is ours when its controller is the Deployment.</summary>
    private async Task ReadOwnersAsync(CancellationToken ct)
    {
        List<V1OwnerReference> unknown;
        lock (_lock)
        {
            unknown = [.. _pods.Values
                .Where(p => p.Metadata.Annotations?.TryGetValue(Workload.SessionAnnotation, out var session) == true && session == _session)
                .Select(Controller).OfType<V1OwnerReference>()
                .Where(o => !_replicaSets.ContainsKey(o.Uid))
                .DistinctBy(o => o.Uid)];
        }

        foreach (var owner in unknown)
        {
            bool ours;
            try
            {
                var replicaSet = await _cluster.Client.AppsV1.ReadNamespacedReplicaSetAsync(owner.Name, _cluster.Namespace, cancellationToken: ct).ConfigureAwait(false);
                ours = replicaSet.Metadata.Uid == owner.Uid
                    && replicaSet.Metadata.OwnerReferences?.Any(o => o is { Controller: true, Kind: "Deployment", ApiVersion: "apps/v1" } && o.Uid == _deploymentUid) == true;
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                ours = false; // No ReplicaSet of that name, so none of that uid: not for a pod of ours.
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Forbidden)
            {
                // Once, and among the problems a rollout that never gets ready names.
                bool first;
                lock (_lock)
                {
                    first = _reported.Add("owners\n" + Messages.OwnerUnreadable.Render(owner.Name, _cluster.Namespace));
                }

                if (first)
                {
                    _reporter.Error(Messages.OwnerUnreadable, owner.Name, _cluster.Namespace);
                }

                continue;
            }

            lock (_lock)
            {
                _replicaSets[owner.Uid] = ours;
            }

            if (!ours)
            {
                _reporter.Verbose($"pod watch: pods of ReplicaSet {owner.Name} carry this session's annotation but are not the Deployment's; left alone");
            }
        }
    }

    /// <summary>A pod as the app instance it holds: a replaced pod or a restarted app container is another instance.</summary>
    public string Identity(V1Pod pod)
    {
        var app = pod.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == _workload.Container);
        return $"{pod.Metadata.Uid}/{app?.ContainerID}/{app?.RestartCount}";
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var list = await _cluster.Client.CoreV1.ListNamespacedPodAsync(_cluster.Namespace, labelSelector: _workload.Selector, cancellationToken: ct).ConfigureAwait(false);
                lock (_lock)
                {
                    _pods.Clear();
                    foreach (var pod in list.Items)
                    {
                        _pods[pod.Metadata.Name] = pod;
                    }
                }

                await EvaluateAsync(ct).ConfigureAwait(false);
                var watch = _cluster.Client.CoreV1.WatchListNamespacedPodAsync(
                    _cluster.Namespace, labelSelector: _workload.Selector, resourceVersion: list.Metadata.ResourceVersion, timeoutSeconds: 300, cancellationToken: ct);
                await foreach (var (type, pod) in watch.ConfigureAwait(false))
                {
                    if (type == WatchEventType.Error)
                    {
                        break; // e.g. 410 Gone: list again.
                    }

                    lock (_lock)
                    {
                        if (type == WatchEventType.Deleted)
                        {
                            _pods.Remove(pod.Metadata.Name);
                        }
                        else if (type is WatchEventType.Added or WatchEventType.Modified)
                        {
                            _pods[pod.Metadata.Name] = pod;
                        }
                    }

                    await EvaluateAsync(ct).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // The watch broke (API server restarted, network, a timeout): list and watch again.
                _reporter.Verbose($"pod watch: {e.Message}; watching again");
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task EvaluateAsync(CancellationToken ct)
    {
        await ReadOwnersAsync(ct).ConfigureAwait(false);
        List<(V1Pod Pod, PodProblem Problem)> fresh = [];
        lock (_lock)
        {
            var ready = _pods.Values.Where(IsReady).OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).ToList();
            var identity = string.Join(",", ready.Select(Identity));
            if (identity != _readyIdentity)
            {
                _readyIdentity = identity;
                _ready = ready;
                _changed.TrySetResult();
                _changed = NewSignal();
            }

            foreach (var pod in _pods.Values.Where(p => IsOurs(p) && p.Metadata.DeletionTimestamp is null))
            {
                var restarts = pod.Status?.ContainerStatuses?.Sum(c => c.RestartCount) ?? 0;
                foreach (var problem in PodProblems.Of(pod))
                {
                    if (_reported.Add($"{pod.Metadata.Name}/{problem.Reason}/{restarts}\n{problem.Text}"))
                    {
                        fresh.Add((pod, problem));
                    }
                }
            }
        }

        foreach (var (pod, problem) in fresh)
        {
            var logs = problem.Container is { } container ? await LogTailAsync(pod.Metadata.Name, container, previous: true, ct).ConfigureAwait(false) : "";
            _reporter.Error(Messages.PodProblem, pod.Metadata.Name, problem.Text + logs);
        }
    }

    /// <summary>The last lines a container wrote, one per indented line; " (none)" when there are none or they cannot be read.</summary>
    public async Task<string> LogTailAsync(string pod, string container, bool previous, CancellationToken ct)
    {
        try
        {
            using var stream = await _cluster.Client.CoreV1.ReadNamespacedPodLogAsync(pod, _cluster.Namespace, container: container, previous: previous, tailLines: 10, cancellationToken: ct).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            var lines = (await reader.ReadToEndAsync(ct).ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return lines.Length == 0 ? " (none)" : string.Concat(lines.Select(l => "\n    " + l.TrimEnd('\r')));
        }
        catch (Exception e) when (e is k8s.Autorest.HttpOperationException or HttpRequestException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return " (none)";
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
