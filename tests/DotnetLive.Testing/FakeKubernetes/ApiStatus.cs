using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace DotnetLive.Testing.FakeKubernetes;

/// <summary>The API server's answers that are not an object: a <c>Status</c>, as the real server writes it.</summary>
internal static class ApiStatus
{
    public static async Task WriteAsync(HttpContext http, int code, string? reason, string? message)
    {
        http.Response.StatusCode = code;
        http.Response.ContentType = "application/json";
        var status = new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = code < 400 ? "Success" : "Failure" };
        if (message is not null)
        {
            status["message"] = message;
            status["reason"] = reason;
            status["code"] = code;
        }

        await http.Response.WriteAsync(status.ToJsonString());
    }

    /// <summary>The pod, or null with a 404 Status written, as the real server answers for a pod that is not there.</summary>
    public static async Task<FakePod?> FindPodAsync(HttpContext http, ClusterStore store, string ns, string name)
    {
        var pod = store.Pod(name);
        if (pod is null || pod.Namespace != ns)
        {
            await WriteAsync(http, 404, "NotFound", $"pods \"{name}\" not found");
            return null;
        }

        return pod;
    }
}
