using System.Globalization;
using System.Net.Sockets;
using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Sessions;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.HotReload;

/// <summary>
/// What `dotnet watch` runs as "the app" in a Hot Reload session: the injected targets point
/// `dotnet run` here. It ships the build output, with the SDK's startup hooks, to the session's synclet
/// and restarts the app there with the agent's environment — or, when the app already runs exactly
/// that output with its agent (the tool restarted it after an edit Hot Reload could not apply), joins
/// it without a restart — then tunnels the agent's pipe between the app and dotnet watch. It lives as
/// long as the app: it ends with the app's exit code, or when dotnet watch stops it.
/// </summary>
internal static class HotReloadRelay
{
    /// <summary>Where the startup hooks go, in the build output and so in the app directory.</summary>
    public const string HooksFolder = ".dotnet-live/hooks";

    /// <summary>Each line the relay prints starts with this, so the tool can tell them from the app's.</summary>
    public const string LinePrefix = "dotnet-live relay: ";

    /// <summary>Set by the session for dotnet watch (and so for this relay): where its <see cref="BrowserRefreshProxy"/> listens.</summary>
    public const string RefreshProxyVariable = "DotnetLiveRefreshProxy";

    private const string RefreshVariable = "ASPNETCORE_AUTO_RELOAD_WS_ENDPOINT";
    private const string HooksVariable = "DOTNET_STARTUP_HOOKS";

    public static async Task<int> RunAsync(string sessionPath, string outputDirectory, string environmentFile, CancellationToken ct)
    {
        if (LiveSessionFile.Read(sessionPath) is not { } session || !LiveSessionFile.IsAlive(session))
        {
            throw new LiveException(Messages.RelayWithoutSession, sessionPath);
        }

        var environment = ReadEnvironment(environmentFile);
        if (!environment.TryGetValue(LaunchSettings.AgentPipeVariable, out var pipe))
        {
            throw new LiveException(Messages.RelayWithoutAgent, environmentFile, LaunchSettings.AgentPipeVariable);
        }

        var hooks = environment.TryGetValue(HooksVariable, out var given) ? given.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries) : [];
        if (AgentHandshakeReader.Read(hooks) is not { } handshake)
        {
            throw new LiveException(Messages.UnknownAgent, string.Join(Path.PathSeparator, hooks));
        }

        environment[HooksVariable] = StageHooks(hooks, outputDirectory);

        // The exit of the app this relay started (by process id: the stop of the one it replaces comes
        // first) ends the relay, as the app's own exit would end `dotnet run`.
        var exits = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = await SyncletClient.ConnectTcpAsync(session.Host, session.Port, session.Token, "dotnet watch relay", StoreKind.App, e =>
        {
            if (e.Kind == AppEventKind.Exited && e.Pid is { } pid)
            {
                exits[pid] = e.ExitCode ?? 1;
                if (started.Task.IsCompleted && started.Task.Result == pid)
                {
                    exited.TrySetResult(e.ExitCode ?? 1);
                }
            }
        }, ct).ConfigureAwait(false);

        // The app's agent talks to the synclet, on every target (so that a later engine session can join
        // the running app); the tunnel joins it to dotnet watch's pipe once the app is this session's.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var tunnel = TunnelAsync(session, pipe, stop.Token);
        // The page's refresh script connects through the session, which holds a static file's update until the file is in the app.
        Uri? refresh = null;
        if (environment.TryGetValue(RefreshVariable, out var endpoints) && Environment.GetEnvironmentVariable(RefreshProxyVariable) is { Length: > 0 } proxy)
        {
            // "ws://localhost:N", or with an https profile also ",wss://localhost:M", which a page over https uses as it is.
            var list = endpoints.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            if (list.FindIndex(e => e.StartsWith("ws://", StringComparison.Ordinal)) is var plain and >= 0 && Uri.TryCreate(list[plain], UriKind.Absolute, out refresh))
            {
                list[plain] = proxy;
                environment[RefreshVariable] = string.Join(',', list);
            }
        }

        new RelayRecord(Path.GetFullPath(outputDirectory), refresh).Write(sessionPath);
        var outcome = await ChangeShipper.ShipAsync(client, new AppFiles(outputDirectory), new UpdateRequest.HotReloadStart(new LaunchSettings(environment, pipe, handshake)), ct).ConfigureAwait(false);
        if (outcome.Refusal is { } refusal)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await tunnel.ConfigureAwait(false);
            throw new LiveException(Messages.UpdateRefused, $"{refusal.Code}: {refusal.Message}");
        }

        if (outcome.Applied?.App.Pid is not { } appPid)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await tunnel.ConfigureAwait(false);
            throw new LiveException(Messages.UpdateRefused, $"the app did not start ({outcome.Applied?.App.State.ToString() ?? "no answer"})");
        }

        started.TrySetResult(appPid);
        if (exits.TryGetValue(appPid, out var early))
        {
            exited.TrySetResult(early);
        }

        Say(outcome.Applied.Joined
            ? string.Create(CultureInfo.InvariantCulture, $"Hot Reload joined the running app (pid {appPid}, not restarted)")
            : string.Create(CultureInfo.InvariantCulture, $"started the app with Hot Reload ({outcome.Changes.Writes.Count + outcome.Changes.Deletes.Count} file(s), {outcome.Changes.UploadBytes} bytes shipped, restart {outcome.Applied.RestartMs} ms)"));

        var ended = await Task.WhenAny(exited.Task, client.Completion, ToolEndedAsync(session, stop.Token), Task.Delay(Timeout.Infinite, ct)).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await tunnel.ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        return ended == exited.Task ? await exited.Task.ConfigureAwait(false) : 1;
    }

    /// <summary>Completes when the `dotnet live` that owns the session has ended (even killed): the relay has nothing left to serve.</summary>
    private static async Task ToolEndedAsync(LiveSessionInfo session, CancellationToken ct)
    {
        try
        {
            while (LiveSessionFile.IsAlive(session))
            {
                await Task.Delay(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
            }

            Say("the dotnet live session ended");
        }
        catch (OperationCanceledException)
        {
            // The relay is ending anyway.
        }
    }

    /// <summary>NAME=VALUE lines, as the injected targets write the @(RuntimeEnvironmentVariable) items dotnet watch passed.</summary>
    public static Dictionary<string, string> ReadEnvironment(string path)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(path))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                environment[line[..equals]] = line[(equals + 1)..];
            }
        }

        return environment;
    }

    /// <summary>
    /// Copies each startup hook (a path in the user's SDK) next to the build output, so it ships with
    /// the app, and returns the hooks' value as the synclet resolves it in the container.
    /// </summary>
    public static string StageHooks(IEnumerable<string> hooks, string outputDirectory)
    {
        var folder = Path.Combine(outputDirectory, HooksFolder);
        Directory.CreateDirectory(folder);
        var staged = new List<string>();
        foreach (var hook in hooks)
        {
            var name = Path.GetFileName(hook);
            var copy = Path.Combine(folder, name);
            if (!File.Exists(copy) || ManifestBuilder.HashFile(copy) != ManifestBuilder.HashFile(hook))
            {
                File.Copy(hook, copy, overwrite: true);
            }

            staged.Add($"{LaunchSettings.AppDirectoryToken}/{HooksFolder}/{name}");
        }

        // The container is Linux: its separator, whatever the developer's machine uses.
        return string.Join(':', staged);
    }

    /// <summary>One agent connection: the app's end through the synclet, dotnet watch's end on this machine's pipe.</summary>
    private static async Task TunnelAsync(LiveSessionInfo session, string pipe, CancellationToken ct)
    {
        try
        {
            await using var app = await SyncletClient.OpenTunnelAsync(session.Host, session.Port, session.Token, pipe, ct).ConfigureAwait(false);
            using var watch = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await watch.ConnectAsync(new UnixDomainSocketEndPoint(LaunchSettings.AgentSocketPath(pipe)), ct).ConfigureAwait(false);
            await using var watchStream = new NetworkStream(watch, ownsSocket: false);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var up = app.CopyToAsync(watchStream, stop.Token);
            var down = watchStream.CopyToAsync(app, stop.Token);
            var first = await Task.WhenAny(up, down).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            watch.Shutdown(SocketShutdown.Both);

            // One side closing ends the tunnel (the app stopped, or dotnet watch did); the other copy is cancelled.
            await first.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or SyncletRefusedException or Protocol.Wire.ProtocolException)
        {
            if (!ct.IsCancellationRequested)
            {
                Say($"the Hot Reload tunnel closed ({e.Message})");
            }
        }
    }

    private static void Say(string line)
    {
        Console.Out.WriteLine(LinePrefix + line);
        Console.Out.Flush();
    }
}
