using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DotnetLive.Testing.FakeKubernetes;

/// <summary>Pod logs as the kubelet serves them: one container's, or the one before it (<c>previous</c>), <c>tailLines</c> long.</summary>
internal sealed class PodLogEndpoint(ClusterStore store, DockerClient docker)
{
    public void Map(WebApplication app) => app.MapGet("/api/v1/namespaces/{ns}/pods/{name}/log", LogAsync);

    private async Task LogAsync(HttpContext http, string ns, string name)
    {
        if (await ApiStatus.FindPodAsync(http, store, ns, name) is not { } pod)
        {
            return;
        }

        var container = http.Request.Query["container"].ToString();
        container = container.Length > 0 ? container : pod.Spec.Containers[0].Name;
        var previous = http.Request.Query["previous"].ToString() == "true";
        if (!(previous ? pod.PreviousContainers : pod.CurrentContainers).TryGetValue(container, out var dockerId))
        {
            await ApiStatus.WriteAsync(http, 400, "BadRequest", previous
                ? $"previous terminated container \"{container}\" in pod \"{name}\" not found"
                : $"container \"{container}\" in pod \"{name}\" is waiting to start");
            return;
        }

        var tail = http.Request.Query["tailLines"].ToString();
        using var logs = await docker.Containers.GetContainerLogsAsync(dockerId, false, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = tail.Length > 0 ? tail : "all" }, http.RequestAborted);
        var (stdout, stderr) = await logs.ReadOutputToEndAsync(http.RequestAborted);
        http.Response.ContentType = "text/plain";
        await http.Response.WriteAsync(stdout + stderr);
    }
}
