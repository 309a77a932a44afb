using System.Collections.Concurrent;
using k8s.Models;

namespace DotnetLive.Testing.FakeKubernetes;

/// <summary>A pod of the fake cluster: its API object, and the Docker containers the fake kubelet runs it with.</summary>
internal sealed class FakePod(V1Pod pod, int ordinal)
{
    private readonly ConcurrentQueue<string> _containers = new();

    public V1Pod Object { get; } = pod;

    public string Name => Object.Metadata.Name;

    public string Namespace => Object.Metadata.NamespaceProperty;

    public V1PodSpec Spec => Object.Spec;

    public int Ordinal { get; } = ordinal;

    /// <summary>The sandbox process, whose network namespace is the pod's; 0 until it runs.</summary>
    public int SandboxPid { get; set; }

    public CancellationTokenSource Stop { get; } = new();

    public Task Running { get; set; } = Task.CompletedTask;

    /// <summary>Container name → the Docker container running it now, and the one before (for `logs --previous`).</summary>
    public ConcurrentDictionary<string, string> CurrentContainers { get; } = new();

    public ConcurrentDictionary<string, string> PreviousContainers { get; } = new();

    public IEnumerable<string> DockerContainers => _containers;

    public void Track(string dockerId) => _containers.Enqueue(dockerId);
}
