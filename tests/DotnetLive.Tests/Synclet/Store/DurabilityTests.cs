using DotnetLive.Protocol.Changes;
using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Testing;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Synclet.Store;

/// <summary>
/// What survives a power cut or a kernel panic, which no test here can cause (a SIGKILL leaves the page
/// cache, so the kill tests cannot tell): the order of the real synclet's system calls, read with strace
/// while it takes an update. The staged release is on disk (each uploaded file and each of its
/// directories fsynced) before it is renamed into releases/, that rename is on disk (releases/
/// fsynced) before the link is switched, and the switch is on disk (the root fsynced) before the swap
/// returns.
/// </summary>
[Collection(Integration.IntegrationCollection.Name)]
public sealed class DurabilityTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly TempDirectory _output = new();
    private readonly TempDirectory _trace = new();

    [Fact]
    public async Task An_update_is_on_disk_before_it_is_renamed_live_and_the_switch_before_the_swap_returns()
    {
        _output.Write("App.dll", "v1");
        _output.Write("wwwroot/site.css", "body {}");
        var trace = Path.Combine(_trace.Path, "syscalls");
        await using (var synclet = await SyncletHost.StartUnderAsync(["strace", "-f", "-y", "-qq", "-e", "trace=fsync,rename,renameat,renameat2", "-o", trace], _root.Path))
        {
            await using var client = await synclet.ConnectAsync();
            (await client.RestartWithAsync(_output.Path)).Error.ShouldBeNull();
        }

        var calls = File.ReadAllLines(trace);
        var releases = Path.Combine(_root.Path, "releases");
        int Index(Func<string, bool> match, int after, string what)
        {
            for (var i = after + 1; i < calls.Length; i++)
            {
                if (match(calls[i]))
                {
                    return i;
                }
            }

            throw new ShouldAssertException($"No {what} after line {after + 1} of the trace:\n{string.Join('\n', calls)}");
        }

        var moved = Index(l => l.Contains("rename", StringComparison.Ordinal) && l.Contains(Path.Combine(_root.Path, "staging") + "/", StringComparison.Ordinal) && l.Contains(releases + "/", StringComparison.Ordinal), -1, "rename of the staged release into releases/");
        var staged = calls[moved].Split('"')[1];
        foreach (var path in new[] { Path.Combine(staged, "App.dll"), Path.Combine(staged, "wwwroot", "site.css"), Path.Combine(staged, "wwwroot"), staged })
        {
            Array.FindIndex(calls, 0, moved, l => l.Contains("fsync(", StringComparison.Ordinal) && l.Contains($"<{path}>", StringComparison.Ordinal))
                .ShouldBeGreaterThanOrEqualTo(0, $"{path} was not fsynced before the staged release was renamed:\n{string.Join('\n', calls)}");
        }

        var releasesSynced = Index(l => l.Contains($"fsync(", StringComparison.Ordinal) && l.Contains($"<{releases}>", StringComparison.Ordinal), moved, "fsync of releases/");
        var switched = Index(l => l.Contains("rename", StringComparison.Ordinal) && l.Contains(Path.Combine(_root.Path, "current.new"), StringComparison.Ordinal), releasesSynced, "switch of the current link");
        Index(l => l.Contains("fsync(", StringComparison.Ordinal) && l.Contains($"<{_root.Path}>", StringComparison.Ordinal), switched, "fsync of the root after the switch");
    }

    public void Dispose()
    {
        _root.Dispose();
        _output.Dispose();
        _trace.Dispose();
    }
}
