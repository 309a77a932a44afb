using k8s.Models;

namespace DotnetLive.Testing.FakeKubernetes;

/// <summary>A pod's phase and conditions as the kubelet reports them, from its containers' states.</summary>
internal static class PodConditions
{
    public static V1PodCondition Condition(string type, bool status) => new() { Type = type, Status = status ? "True" : "False" };

    /// <summary>Running once every container runs; Ready once every one is ready too.</summary>
    public static void Update(V1PodStatus status)
    {
        var statuses = status.ContainerStatuses;
        var allRunning = statuses.All(s => s.State?.Running is not null);
        if (allRunning)
        {
            status.Phase = "Running";
        }

        var ready = allRunning && statuses.All(s => s.Ready);
        status.Conditions = [
            Condition("PodScheduled", true),
            Condition("Initialized", true),
            Condition("ContainersReady", ready),
            Condition("Ready", ready),
        ];
    }
}
