using DotnetLive.Protocol.Changes;
using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Protocol.Messages;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.Targets;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Loop;

/// <summary>
/// Ships a build's output to the target's synclet: plan the change set against the manifest the
/// synclet holds (the truth, reported on every connect and after every update), send it, and
/// reconnect and resync when the connection was lost.
/// </summary>
internal sealed class Updater(ILiveTarget target, LiveReporter reporter) : IAsyncDisposable
{
    private SyncletClient? _client;

    /// <summary>Returns what was shipped and the synclet's answer, or null when the update was refused (reported).</summary>
    public async Task<(ChangeSet Changes, AppliedMessage Applied)?> ShipAsync(ProjectModel project, CancellationToken ct)
    {
        if (!File.Exists(project.ManifestPath))
        {
            reporter.Error(Messages.NoManifest, project.ManifestPath);
            return null;
        }

        var built = ManifestFile.Read(project.ManifestPath);
        for (var attempt = 0; ; attempt++)
        {
            var client = await ConnectedAsync(ct).ConfigureAwait(false);
            var held = client.LastManifest;
            var changes = ChangeSetPlanner.Plan(held, built);
            if (changes.IsEmpty && client.LastApp.State is AppStates.Running or AppStates.Ready)
            {
                return (changes, new AppliedMessage("", null, [], 0, 0, 0, client.LastApp));
            }

            try
            {
                var applied = await client.ApplyAsync(changes, held.Digest(), project.OutputDirectory, ct).ConfigureAwait(false);
                if (applied.Error is null)
                {
                    return (changes, applied);
                }

                if (applied.Error.Code != "DLIVE5007" || attempt > 0)
                {
                    reporter.Error(Messages.UpdateRefused, applied.Error.Code + ": " + applied.Error.Message);
                    return null;
                }

                // Stale: the synclet's answer carries what it really holds; plan again against that.
            }
            catch (OutputChangedException e)
            {
                reporter.Error(Messages.OutputChanged, e.Path);
                return null;
            }
            catch (IOException e) when (attempt == 0 && !ct.IsCancellationRequested)
            {
                reporter.Error(Messages.SyncletLost, e.Message);
                await DropClientAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Starts and connects to the synclet ahead of the first build, so the two overlap.</summary>
    public Task WarmUpAsync(CancellationToken ct) => ConnectedAsync(ct);

    private async Task<SyncletClient> ConnectedAsync(CancellationToken ct)
    {
        if (_client is { Completion.IsCompleted: false })
        {
            return _client;
        }

        await DropClientAsync().ConfigureAwait(false);
        _client = await target.ConnectAsync(OnEvent, ct).ConfigureAwait(false);
        return _client;
    }

    private void OnEvent(AppEvent appEvent)
    {
        switch (appEvent.Kind)
        {
            case AppEventKinds.Stdout or AppEventKinds.Stderr:
                reporter.App(appEvent);
                break;
            case AppEventKinds.Exited when appEvent.Text is null:
                reporter.Info(Messages.AppExited, appEvent.ExitCode, "");
                break;
            default:
                reporter.Verbose($"app {appEvent.Kind} (pid {appEvent.Pid}{(appEvent.ExitCode is { } code ? $", exit code {code}" : "")})");
                break;
        }
    }

    private async Task DropClientAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
            _client = null;
        }
    }

    public ValueTask DisposeAsync() => new(DropClientAsync());
}
