using System.Globalization;
using k8s.Models;

namespace DotnetLive.Tool.Targets.Kubernetes;

/// <summary>Why a pod is not serving, in the words a developer acts on; <see cref="Container"/> is set when its logs tell more.</summary>
internal sealed record PodProblem(string Reason, string Text, string? Container = null);

/// <summary>Reads a pod's status the way `kubectl describe` is read: the reasons a rollout does not get ready.</summary>
internal static class PodProblems
{
    public static IReadOnlyList<PodProblem> Of(V1Pod pod)
    {
        var problems = new List<PodProblem>();
        var status = pod.Status;
        if (status is null)
        {
            return problems;
        }

        if (status.Phase == "Pending" && status.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "False") is { } unscheduled)
        {
            problems.Add(new PodProblem("Pending", $"Pending: the scheduler cannot place it: {unscheduled.Message ?? unscheduled.Reason}. Lower its resources.requests, or make room in the cluster."));
        }

        foreach (var container in (status.InitContainerStatuses ?? []).Concat(status.ContainerStatuses ?? []))
        {
            var waiting = container.State?.Waiting;
            var terminated = container.LastState?.Terminated ?? container.State?.Terminated;
            switch (waiting?.Reason)
            {
                case "ImagePullBackOff" or "ErrImagePull" or "InvalidImageName":
                    problems.Add(new PodProblem(waiting.Reason, $"{waiting.Reason}: the image {container.Image} of container '{container.Name}' cannot be pulled ({waiting.Message}). Check the image name, and that the cluster reaches its registry."));
                    break;
                case "CrashLoopBackOff":
                    problems.Add(new PodProblem(waiting.Reason, $"CrashLoopBackOff: container '{container.Name}' keeps exiting (last exit code {Text(terminated?.ExitCode)}, {container.RestartCount} restart(s)). Its last log lines:", container.Name));
                    break;
                case "CreateContainerConfigError" or "CreateContainerError" or "RunContainerError":
                    problems.Add(new PodProblem(waiting.Reason, $"{waiting.Reason}: container '{container.Name}' cannot start: {waiting.Message}"));
                    break;
            }

            if (terminated?.Reason == "OOMKilled")
            {
                var limit = pod.Spec?.Containers?.FirstOrDefault(c => c.Name == container.Name)?.Resources?.Limits?.TryGetValue("memory", out var memory) == true ? memory.ToString() : "none set";
                problems.Add(new PodProblem("OOMKilled", $"OOMKilled: container '{container.Name}' used more memory than its limit ({limit}) and was killed. Raise resources.limits.memory, or find what the app holds on to."));
            }
        }

        return problems;
    }

    private static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "?";
}
