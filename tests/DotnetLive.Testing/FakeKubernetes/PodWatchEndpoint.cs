using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DotnetLive.Testing.FakeKubernetes;

/// <summary>
/// List and watch of pods with <c>key=value</c> label selectors: a list is at one resourceVersion, and a
/// watch from a resourceVersion replays what happened since, then streams, until its timeoutSeconds.
/// </summary>
internal sealed class PodWatchEndpoint(ClusterStore store)
{
    public void Map(WebApplication app) => app.MapGet("/api/v1/namespaces/{ns}/pods", ListOrWatchAsync);

    private async Task ListOrWatchAsync(HttpContext http, string ns)
    {
        var selector = ParseSelector(http.Request.Query["labelSelector"].ToString());
        if (selector is null)
        {
            await ApiStatus.WriteAsync(http, 400, "BadRequest", "unable to parse requirement: this fake takes key=value selectors");
            return;
        }

        bool Matches(string podNamespace, IReadOnlyDictionary<string, string> labels) =>
            podNamespace == ns && selector.All(s => labels.TryGetValue(s.Key, out var value) && value == s.Value);

        http.Response.ContentType = "application/json";
        if (http.Request.Query["watch"].ToString() is not ("true" or "1"))
        {
            var (items, revision) = store.ListPods(p => Matches(p.Namespace, p.Object.Metadata.Labels.AsReadOnly()));
            await http.Response.WriteAsync($"{{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{{\"resourceVersion\":\"{revision}\"}},\"items\":[{string.Join(",", items)}]}}");
            return;
        }

        _ = long.TryParse(http.Request.Query["resourceVersion"].ToString(), out var since);
        var timeout = int.TryParse(http.Request.Query["timeoutSeconds"].ToString(), out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(30);
        var watch = store.Watch(since);
        try
        {
            await http.Response.StartAsync();
            using var end = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            end.CancelAfter(timeout);
            await foreach (var change in watch.Reader.ReadAllAsync(end.Token))
            {
                if (Matches(change.Namespace, change.Labels))
                {
                    await http.Response.WriteAsync(change.Json + "\n", end.Token);
                    await http.Response.Body.FlushAsync(end.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The watch's time is up, or the client went: the response ends, as the real server's does.
        }
        finally
        {
            store.Unwatch(watch);
        }
    }

    private static Dictionary<string, string>? ParseSelector(string text)
    {
        var selector = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2 || pair[0].Length == 0)
            {
                return null;
            }

            selector[pair[0].Trim()] = pair[1].Trim();
        }

        return selector;
    }
}
