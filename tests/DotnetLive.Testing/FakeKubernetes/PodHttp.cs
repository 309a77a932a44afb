namespace DotnetLive.Testing.FakeKubernetes;

/// <summary>HTTP to a pod's port from inside its network namespace: what each replica serves, not what a forward picks.</summary>
internal static class PodHttp
{
    public static async Task<string> GetAsync(FakeCluster cluster, FakePod pod, string path = "/", int port = 8080)
    {
        using var handler = new SocketsHttpHandler { ConnectCallback = async (_, _) => await cluster.OpenPodPortAsync(pod, port) };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        return await client.GetStringAsync(new Uri($"http://{pod.Name}:{port}{path}"));
    }

    /// <summary>Polls until the pod serves <paramref name="expected"/>; fails after <paramref name="seconds"/>.</summary>
    public static Task WaitForTextAsync(FakeCluster cluster, FakePod pod, string expected, int seconds = 60)
    {
        string? last = null;
        return Eventually.UntilAsync($"pod {pod.Name} to serve '{expected}'", async _ =>
        {
            try
            {
                last = await GetAsync(cluster, pod);
                return last == expected;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or System.Net.Sockets.SocketException)
            {
                last = e.Message;
                return false;
            }
        }, TimeSpan.FromSeconds(seconds), TimeSpan.FromMilliseconds(10), () => last);
    }
}
