using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Protocol.Messages;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.Targets;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Loop;

/// <summary>
/// Keeps a connection to the target's synclet (reconnecting, and restarting it, when it was lost),
/// publishes the session for LiveDeploy builds, and ships build outputs through <see cref="ChangeShipper"/>.
/// </summary>
internal sealed class Updater(ILiveTarget target, SessionPublisher session, LiveReporter reporter) : IAsyncDisposable
{
    private SyncletClient? _client;

    /// <summary>The synclet's answer, or null when the update was refused or could not be sent (reported).</summary>
    public async Task<ShipOutcome?> ShipAsync(ProjectModel project, CancellationToken ct)
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
            try
            {
                var outcome = await ChangeShipper.ShipAsync(client, built, project.OutputDirectory, ct).ConfigureAwait(false);
                if (outcome.Refusal is { } refusal)
                {
                    reporter.Error(Messages.UpdateRefused, refusal.Code + ": " + refusal.Message);
                    return null;
                }

                return outcome;
            }
            catch (OutputChangedException e)
            {
                reporter.Error(Messages.OutputChanged, e.Path);
                return null;
            }
            catch (IOException e) when (!ct.IsCancellationRequested)
            {
                reporter.Error(Messages.SyncletLost, e.Message);
                await DropClientAsync().ConfigureAwait(false);
                if (attempt > 0)
                {
                    return null;
                }
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
        session.Publish(target.Name, target.Endpoint);
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
