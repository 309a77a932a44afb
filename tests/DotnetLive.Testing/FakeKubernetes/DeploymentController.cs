using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace DotnetLive.Testing.FakeKubernetes;

/// <summary>
/// The Deployment and ReplicaSet controllers in one, with the scheduler of a one-node cluster: each
/// Deployment has a ReplicaSet per template (owned by the Deployment, as its controller) and pods of its
/// current template, as many as its replicas, each owned by that ReplicaSet; the others go, and a
/// deleted pod is replaced. Scheduled pods, the controller's and those created through the API, are run
/// by the <see cref="FakeKubelet"/>. Orphan pods are not adopted (a real ReplicaSet adopts one that
/// matches its selector and has no controller).
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
        var replicaSet = ReplicaSetOf(deployment, hash);
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
            CreatePod(ns, name, hash, template, replicaSet);
        }
    }

    /// <summary>The garbage collector's part: a deleted Deployment's ReplicaSets go with it.</summary>
    public void Collect(string ns, string deploymentUid) =>
        store.RemoveOwned("ReplicaSet", ns, deploymentUid);

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

    /// <summary>
    /// The scheduler (a pod of a ReplicaSet, or one created through the API): one node; a pod that does
    /// not fit stays Pending with the scheduler's reason, the others are run by the kubelet.
    /// </summary>
    public void Schedule(V1Pod pod)
    {
        pod.Status = new V1PodStatus
        {
            Phase = "Pending",
            Conditions = [PodConditions.Condition("PodScheduled", true)],
            ContainerStatuses = [.. pod.Spec.Containers.Select(c => new V1ContainerStatus
            {
                Name = c.Name,
                Image = c.Image,
                ImageID = "",
                Ready = false,
                RestartCount = 0,
                State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } },
            })],
        };
        var requested = pod.Spec.Containers.Sum(c => c.Resources?.Requests?.TryGetValue("memory", out var memory) == true ? memory.ToInt64() : 0);
        var fits = requested <= NodeMemoryBytes;
        if (!fits)
        {
            pod.Status.Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod." }];
        }

        store.AddPod(pod, fake => fits ? Task.Run(() => kubelet.RunPodAsync(fake, fake.Stop.Token)) : Task.CompletedTask);
    }

    /// <summary>The Deployment's ReplicaSet for the template of <paramref name="hash"/>, made when there is none: its name and uid.</summary>
    private V1OwnerReference ReplicaSetOf(V1Deployment deployment, string hash)
    {
        var ns = deployment.Metadata.NamespaceProperty;
        var name = $"{deployment.Metadata.Name}-{hash}";
        var uid = store.Find("ReplicaSet", ns, name)?["metadata"]?["uid"]?.GetValue<string>();
        if (uid is null)
        {
            var labels = new Dictionary<string, string>(deployment.Spec.Template.Metadata?.Labels ?? new Dictionary<string, string>()) { ["pod-template-hash"] = hash };
            var selector = new Dictionary<string, string>(deployment.Spec.Selector.MatchLabels ?? new Dictionary<string, string>()) { ["pod-template-hash"] = hash };
            var replicaSet = new V1ReplicaSet
            {
                ApiVersion = "apps/v1",
                Kind = "ReplicaSet",
                Metadata = new V1ObjectMeta
                {
                    Name = name,
                    Labels = labels,
                    OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = deployment.Metadata.Name, Uid = deployment.Metadata.Uid, Controller = true, BlockOwnerDeletion = true }],
                },
                Spec = new V1ReplicaSetSpec { Replicas = deployment.Spec.Replicas, Selector = new V1LabelSelector { MatchLabels = selector }, Template = deployment.Spec.Template },
            };
            uid = store.Create("ReplicaSet", ns, name, JsonNode.Parse(KubernetesJson.Serialize(replicaSet))!.AsObject());
        }

        return new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = name, Uid = uid, Controller = true, BlockOwnerDeletion = true };
    }

    private void CreatePod(string ns, string deployment, string hash, string templateJson, V1OwnerReference replicaSet)
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
                OwnerReferences = [replicaSet],
            },
            Spec = template.Spec,
        };
        Schedule(pod);
    }
}
