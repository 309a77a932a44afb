using k8s;
using k8s.Models;

namespace DotnetLive.Testing.FakeKubernetes;

/// <summary>The pods, by name; each change is published to the watches.</summary>
internal sealed partial class ClusterStore
{
    private readonly Dictionary<string, FakePod> _pods = new(StringComparer.Ordinal);
    private int _ordinal;

    /// <summary>The pod of that name, in any namespace.</summary>
    public FakePod? Pod(string name)
    {
        lock (_lock)
        {
            return _pods.GetValueOrDefault(name);
        }
    }

    /// <summary>The pods that match, deleting ones too; <paramref name="match"/> sees each under the lock.</summary>
    public List<FakePod> PodsWhere(Func<FakePod, bool> match)
    {
        lock (_lock)
        {
            return [.. _pods.Values.Where(match)];
        }
    }

    /// <summary>The matching pods as JSON, by name, and the revision the list is at.</summary>
    public (List<string> Items, long Revision) ListPods(Func<FakePod, bool> match)
    {
        lock (_lock)
        {
            return ([.. _pods.Values.Where(match).OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => KubernetesJson.Serialize(p.Object))], _revision);
        }
    }

    /// <summary>Adds the pod; <paramref name="run"/> starts it before anyone can see it, so a delete always waits for its kubelet.</summary>
    public void AddPod(V1Pod pod, Func<FakePod, Task> run)
    {
        lock (_lock)
        {
            var fake = new FakePod(pod, ++_ordinal);
            fake.Running = run(fake);
            _pods[pod.Metadata.Name] = fake;
            Publish("ADDED", pod);
        }
    }

    public void ChangePod(FakePod pod, Action<V1Pod> change)
    {
        lock (_lock)
        {
            change(pod.Object);
            Publish("MODIFIED", pod.Object);
        }
    }

    /// <summary>Marks the pod as being deleted; false when it already was.</summary>
    public bool BeginDelete(FakePod pod)
    {
        lock (_lock)
        {
            if (pod.Object.Metadata.DeletionTimestamp is not null)
            {
                return false;
            }

            pod.Object.Metadata.DeletionTimestamp = DateTime.UtcNow;
            pod.Object.Metadata.DeletionGracePeriodSeconds = 30;
            Publish("MODIFIED", pod.Object);
            return true;
        }
    }

    public void RemovePod(FakePod pod)
    {
        lock (_lock)
        {
            _pods.Remove(pod.Name);
            _deleted.Add($"Pod/{pod.Namespace}/{pod.Name}");
            Publish("DELETED", pod.Object);
        }
    }
}
