using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;

namespace DotnetLive.Testing.FakeKubernetes;

/// <summary>
/// The Deployment and ReplicaSet controllers in one, with the scheduler of a one-node cluster: each
/// Deployment has pods of its current template, as many as its replicas; the others go, and a deleted
/// pod is replaced. Scheduled pods are run by the <see cref="FakeKubelet"/>.
/// </summary>
internal sealed class DeploymentController(ClusterStore store, FakeKubelet kubelet)
{
    /// <summary>The one node's allocatable memory: a pod whose containers request more is not scheduled.</summary>
    private const long NodeMemoryBytes = 8L * 1024 * 1024 * 1024;

    private const string OwnerLabel = "fake.dotnet-live.dev/deployment";

    /// <summary>Pods of the current template, as many as the replicas; others go.</summary>
    public void Reconcile(string ns, string name)
    {
        if (store.Get<V1Deployment>("Deployment", ns, name) is not { } deployment)
        {
            return;
        }

        var template = KubernetesJson.Serialize(deployment.Spec.Template);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(template)))[..10];
        var live = PodsOf(ns, name).Where(p => p.Object.Metadata.DeletionTimestamp is null).ToList();
        foreach (var stale in live.Where(p => p.Object.Metadata.Labels["pod-template-hash"] != hash))
        {
            _ = DeletePodAsync(stale, replace: false);
        }

        var current = live.Where(p => p.Object.Metadata.Labels["pod-template-hash"] == hash).ToList();
        var wanted = deployment.Spec.Replicas ?? 1;
        foreach (var extra in current.Skip(wanted))
        {
            _ = DeletePodAsync(extra, replace: false);
        }

        for (var i = current.Count; i < wanted; i++)
        {
            CreatePod(ns, name, hash, template);
        }
    }

    public List<FakePod> PodsOf(string ns, string deployment) =>
        store.PodsWhere(p => p.Namespace == ns && p.Object.Metadata.Labels.TryGetValue(OwnerLabel, out var owner) && owner == deployment);

    /// <summary>A graceful delete: the pod is marked, its kubelet stops it, then it goes; <paramref name="replace"/> has its Deployment make another.</summary>
    public async Task DeletePodAsync(FakePod pod, bool replace)
    {
        if (!store.BeginDelete(pod))
        {
            return;
        }

        if (replace && pod.Object.Metadata.Labels.TryGetValue(OwnerLabel, out var owner))
        {
            Reconcile(pod.Namespace, owner);
        }

        await pod.Stop.CancelAsync();
        await pod.Running;
        store.RemovePod(pod);
    }

    private void CreatePod(string ns, string deployment, string hash, string templateJson)
    {
        var template = KubernetesJson.Deserialize<V1PodTemplateSpec>(templateJson);
        var labels = new Dictionary<string, string>(template.Metadata?.Labels ?? new Dictionary<string, string>()) { ["pod-template-hash"] = hash, [OwnerLabel] = deployment };
        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = $"{deployment}-{hash}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))[..5]}",
                NamespaceProperty = ns,
                Uid = Guid.NewGuid().ToString(),
                Labels = labels,
                Annotations = template.Metadata?.Annotations,
                CreationTimestamp = DateTime.UtcNow,
                OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = $"{deployment}-{hash}", Uid = hash, Controller = true }],
            },
            Spec = template.Spec,
            Status = new V1PodStatus
            {
                Phase = "Pending",
                Conditions = [PodConditions.Condition("PodScheduled", true)],
                ContainerStatuses = [.. template.Spec.Containers.Select(c => new V1ContainerStatus
                {
                    Name = c.Name,
                    Image = c.Image,
                    ImageID = "",
                    Ready = false,
                    RestartCount = 0,
                    State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } },
                })],
            },
        };
        // The scheduler: one node; a pod that does not fit stays Pending with the scheduler's reason.
        var requested = template.Spec.Containers.Sum(c => c.Resources?.Requests?.TryGetValue("memory", out var memory) == true ? memory.ToInt64() : 0);
        var fits = requested <= NodeMemoryBytes;
        if (!fits)
        {
            pod.Status.Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod." }];
        }

        store.AddPod(pod, fake => fits ? Task.Run(() => kubelet.RunPodAsync(fake, fake.Stop.Token)) : Task.CompletedTask);
    }
}
