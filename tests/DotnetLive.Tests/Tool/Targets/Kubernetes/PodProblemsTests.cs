using DotnetLive.Tool.Targets.Kubernetes;
using k8s.Models;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tool.Targets.Kubernetes;

/// <summary>Pod statuses as the API server reports them, read into what the developer does next.</summary>
public sealed class PodProblemsTests
{
    private static V1Pod Pod(string phase, V1ContainerStatus? status = null, V1PodCondition? condition = null, string? memoryLimit = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "api-1" },
        Spec = new V1PodSpec
        {
            Containers = [new V1Container
            {
                Name = "api",
                Resources = memoryLimit is null ? null : new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new(memoryLimit) } },
            }],
        },
        Status = new V1PodStatus
        {
            Phase = phase,
            Conditions = condition is null ? null : [condition],
            ContainerStatuses = status is null ? null : [status],
        },
    };

    [Fact]
    public void A_pod_the_scheduler_cannot_place_says_why()
    {
        var problem = PodProblems.Of(Pod("Pending", condition: new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/1 nodes are available: 1 Insufficient memory." })).ShouldHaveSingleItem();

        problem.Reason.ShouldBe("Pending");
        problem.Text.ShouldContain("0/1 nodes are available: 1 Insufficient memory.");
        problem.Container.ShouldBeNull();
    }

    [Fact]
    public void An_image_that_cannot_be_pulled_is_named()
    {
        var status = new V1ContainerStatus { Name = "api", Image = "localhost:5000/api:dev", State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ImagePullBackOff", Message = "Back-off pulling image \"localhost:5000/api:dev\"" } } };

        var problem = PodProblems.Of(Pod("Pending", status)).ShouldHaveSingleItem();

        problem.Text.ShouldStartWith("ImagePullBackOff: the image localhost:5000/api:dev of container 'api' cannot be pulled");
    }

    [Fact]
    public void A_crash_loop_asks_for_the_containers_last_log_lines()
    {
        var status = new V1ContainerStatus
        {
            Name = "api",
            RestartCount = 4,
            State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff" } },
            LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 139, Reason = "Error" } },
        };

        var problem = PodProblems.Of(Pod("Running", status)).ShouldHaveSingleItem();

        problem.Text.ShouldBe("CrashLoopBackOff: container 'api' keeps exiting (last exit code 139, 4 restart(s)). Its last log lines:");
        problem.Container.ShouldBe("api");
    }

    [Fact]
    public void An_out_of_memory_kill_names_the_limit()
    {
        var status = new V1ContainerStatus
        {
            Name = "api",
            RestartCount = 1,
            State = new V1ContainerState { Running = new V1ContainerStateRunning() },
            LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 137, Reason = "OOMKilled" } },
        };

        var problem = PodProblems.Of(Pod("Running", status, memoryLimit: "128Mi")).ShouldHaveSingleItem();

        problem.Reason.ShouldBe("OOMKilled");
        problem.Text.ShouldContain("(128Mi)");
        problem.Text.ShouldContain("resources.limits.memory");
    }

    [Fact]
    public void A_running_ready_pod_has_none()
    {
        var status = new V1ContainerStatus { Name = "api", Ready = true, State = new V1ContainerState { Running = new V1ContainerStateRunning() } };

        PodProblems.Of(Pod("Running", status, new V1PodCondition { Type = "Ready", Status = "True" })).ShouldBeEmpty();
    }
}
