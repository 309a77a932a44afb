using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DotnetLive.Testing.FakeKubernetes;

/// <summary>
/// Get, server-side apply (PATCH application/apply-patch+yaml with a fieldManager) and delete (with a
/// uid precondition) of Secrets, ConfigMaps, Services and Deployments, get of the ReplicaSets the
/// Deployments own, and create and delete of pods: checked and answered as the real server does.
/// </summary>
internal sealed class ObjectEndpoints(ClusterStore store, DeploymentController controller)
{
    private static readonly Dictionary<(string Group, string Resource), string> Kinds = new()
    {
        [("v1", "secrets")] = "Secret",
        [("v1", "configmaps")] = "ConfigMap",
        [("v1", "services")] = "Service",
        [("apps/v1", "deployments")] = "Deployment",
        [("apps/v1", "replicasets")] = "ReplicaSet",
    };

    public void Map(WebApplication app)
    {
        app.MapGet("/api/v1/namespaces/{ns}/{resource}/{name}", (HttpContext http, string ns, string resource, string name) => GetAsync(http, "v1", resource, ns, name));
        app.MapGet("/apis/apps/v1/namespaces/{ns}/{resource}/{name}", (HttpContext http, string ns, string resource, string name) => GetAsync(http, "apps/v1", resource, ns, name));
        app.MapMethods("/api/v1/namespaces/{ns}/{resource}/{name}", ["PATCH"], (HttpContext http, string ns, string resource, string name) => ApplyAsync(http, "v1", resource, ns, name));
        app.MapMethods("/apis/apps/v1/namespaces/{ns}/{resource}/{name}", ["PATCH"], (HttpContext http, string ns, string resource, string name) => ApplyAsync(http, "apps/v1", resource, ns, name));
        app.MapPost("/api/v1/namespaces/{ns}/pods", CreatePodAsync);
        app.MapDelete("/api/v1/namespaces/{ns}/pods/{name}", DeletePodAsync);
        app.MapDelete("/api/v1/namespaces/{ns}/{resource}/{name}", (HttpContext http, string ns, string resource, string name) => DeleteAsync(http, "v1", resource, ns, name));
        app.MapDelete("/apis/apps/v1/namespaces/{ns}/{resource}/{name}", (HttpContext http, string ns, string resource, string name) => DeleteAsync(http, "apps/v1", resource, ns, name));
    }

    private async Task GetAsync(HttpContext http, string apiVersion, string resource, string ns, string name)
    {
        if (!Kinds.TryGetValue((apiVersion, resource), out var kind))
        {
            await ApiStatus.WriteAsync(http, 404, "NotFound", $"the server could not find the requested resource ({resource})");
            return;
        }

        if (store.Find(kind, ns, name) is not { } stored)
        {
            await ApiStatus.WriteAsync(http, 404, "NotFound", $"{resource} \"{name}\" not found");
            return;
        }

        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(stored.ToJsonString());
    }

    private async Task ApplyAsync(HttpContext http, string apiVersion, string resource, string ns, string name)
    {
        if (!Kinds.TryGetValue((apiVersion, resource), out var kind))
        {
            await ApiStatus.WriteAsync(http, 404, "NotFound", $"the server could not find the requested resource ({resource})");
            return;
        }

        if (http.Request.ContentType?.Split(';')[0].Trim() != "application/apply-patch+yaml")
        {
            await ApiStatus.WriteAsync(http, 415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (this fake serves only apply, got {http.Request.ContentType})");
            return;
        }

        var manager = http.Request.Query["fieldManager"].ToString();
        if (manager.Length == 0)
        {
            await ApiStatus.WriteAsync(http, 400, "BadRequest", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
            return;
        }

        JsonObject body;
        try
        {
            body = JsonNode.Parse(await new StreamReader(http.Request.Body).ReadToEndAsync())!.AsObject();
        }
        catch (System.Text.Json.JsonException e)
        {
            await ApiStatus.WriteAsync(http, 400, "BadRequest", "error decoding YAML: " + e.Message);
            return;
        }

        if (body["kind"]?.GetValue<string>() != kind || body["apiVersion"]?.GetValue<string>() != apiVersion)
        {
            await ApiStatus.WriteAsync(http, 400, "BadRequest", $"the apiVersion and kind in the body ({body["apiVersion"]}, {body["kind"]}) do not match the URL ({apiVersion}, {kind})");
            return;
        }

        if (body["metadata"]?["name"]?.GetValue<string>() != name || (body["metadata"]?["namespace"]?.GetValue<string>() is { } bodyNamespace && bodyNamespace != ns))
        {
            await ApiStatus.WriteAsync(http, 400, "BadRequest", "the name or namespace of the object does not match the URL");
            return;
        }

        var force = http.Request.Query["force"].ToString() == "true";
        var (stored, created) = store.Apply(new AppliedRequest(kind, ns, name, manager, force, body), apiVersion);
        if (kind == "Deployment")
        {
            controller.Reconcile(ns, name);
        }

        http.Response.StatusCode = created ? 201 : 200;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(stored.ToJsonString());
    }

    private async Task DeleteAsync(HttpContext http, string apiVersion, string resource, string ns, string name)
    {
        if (!Kinds.TryGetValue((apiVersion, resource), out var kind))
        {
            await ApiStatus.WriteAsync(http, 404, "NotFound", $"the server could not find the requested resource ({resource})");
            return;
        }

        // DeleteOptions in the body: a uid precondition that does not match is a conflict, and nothing is deleted.
        var options = await new StreamReader(http.Request.Body).ReadToEndAsync();
        var precondition = options.Length > 0 ? JsonNode.Parse(options)?["preconditions"]?["uid"]?.GetValue<string>() : null;
        var (removed, uid) = store.Remove(kind, ns, name, precondition);
        if (removed is null && uid is null)
        {
            await ApiStatus.WriteAsync(http, 404, "NotFound", $"{resource} \"{name}\" not found");
            return;
        }

        if (removed is null)
        {
            await ApiStatus.WriteAsync(http, 409, "Conflict", $"Operation cannot be fulfilled on {resource} \"{name}\": Precondition failed: UID in precondition: {precondition}, UID in object meta: {uid}");
            return;
        }

        if (kind == "Deployment")
        {
            controller.Collect(ns, uid!);
            await Task.WhenAll(controller.PodsOf(ns, name).Select(p => controller.DeletePodAsync(p, replace: false)));
        }

        // As the real server answers: the deleted object for a Service, a Status for the others.
        if (kind == "Service")
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(removed.ToJsonString());
            return;
        }

        await ApiStatus.WriteAsync(http, 200, null, null);
    }

    /// <summary>A pod created as it is given (`kubectl run`): the server's metadata added, then scheduled; 409 when the name is taken.</summary>
    private async Task CreatePodAsync(HttpContext http, string ns)
    {
        V1Pod pod;
        try
        {
            pod = KubernetesJson.Deserialize<V1Pod>(await new StreamReader(http.Request.Body).ReadToEndAsync());
        }
        catch (System.Text.Json.JsonException e)
        {
            await ApiStatus.WriteAsync(http, 400, "BadRequest", "error decoding the body: " + e.Message);
            return;
        }

        if (pod.Metadata?.Name is not { Length: > 0 } name || pod.Spec?.Containers is not { Count: > 0 })
        {
            await ApiStatus.WriteAsync(http, 422, "Invalid", "Pod is invalid: metadata.name and spec.containers are required");
            return;
        }

        if (store.Pod(name) is not null)
        {
            await ApiStatus.WriteAsync(http, 409, "AlreadyExists", $"pods \"{name}\" already exists");
            return;
        }

        pod.Metadata.NamespaceProperty = ns;
        pod.Metadata.Uid = Guid.NewGuid().ToString();
        pod.Metadata.CreationTimestamp = DateTime.UtcNow;
        controller.Schedule(pod);
        http.Response.StatusCode = 201;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(KubernetesJson.Serialize(pod));
    }

    private async Task DeletePodAsync(HttpContext http, string ns, string name)
    {
        if (await ApiStatus.FindPodAsync(http, store, ns, name) is not { } pod)
        {
            return;
        }

        _ = controller.DeletePodAsync(pod, replace: true);
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(KubernetesJson.Serialize(pod.Object));
    }
}
