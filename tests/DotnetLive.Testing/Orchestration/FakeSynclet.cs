using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using DotnetLive.Protocol;
using DotnetLive.Protocol.Errors;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Wire;

namespace DotnetLive.Testing.Orchestration;

/// <summary>
/// A synclet's side of the protocol, in this process on loopback TCP, for tests of what drives it: it
/// proves itself and checks the client's proof, welcomes with the manifest it holds, applies updates
/// to that manifest (it keeps no files and runs no app, but reports the starts an update causes), and
/// answers. What it does next is set by the test: refuse, lose the connection mid-update, hold its answer.
/// </summary>
internal sealed class FakeSynclet : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Stream, FrameWriter> _connections = new();
    private readonly Lock _gate = new();
    private readonly Task _accepting;
    private FileManifest _manifest = FileManifest.Empty;
    private AppStatus _app = AppStatus.NotStarted;
    private int _nextPid = 100;
    private int _handshakes;

    private FakeSynclet(string name, string token)
    {
        Name = name;
        Token = token;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Name { get; }

    public string Token { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many clients proved themselves (connections made).</summary>
    public int Handshakes => Volatile.Read(ref _handshakes);

    /// <summary>Every update read, in order (refused or not).</summary>
    public ConcurrentQueue<ApplyMessage> Updates { get; } = new();

    /// <summary>Commands received.</summary>
    public ConcurrentQueue<AppCommand> Commands { get; } = new();

    /// <summary>Answers the next update with this refusal (nothing changes), then goes back to applying.</summary>
    public ErrorMessage? RefuseNext { get; set; }

    /// <summary>The next update's connection is closed once its Apply frame is read, as when the synclet dies mid-update.</summary>
    public bool DropNext { get; set; }

    /// <summary>Set: every answer waits until it completes (an update in flight while the test acts).</summary>
    public TaskCompletionSource? HoldAnswers { get; set; }

    /// <summary>Completes when the next update has been read (before it is answered).</summary>
    public TaskCompletionSource<ApplyMessage> NextUpdate { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FileManifest Manifest
    {
        get
        {
            lock (_gate)
            {
                return _manifest;
            }
        }
    }

    public AppStatus App
    {
        get
        {
            lock (_gate)
            {
                return _app;
            }
        }
    }

    public static FakeSynclet Start(string name, string token) => new(name, token);

    /// <summary>Closes every open connection (the synclet restarted, the port-forward broke); it keeps listening.</summary>
    public async Task DropConnectionsAsync()
    {
        foreach (var stream in _connections.Keys)
        {
            _connections.TryRemove(stream, out _);
            await stream.DisposeAsync();
        }
    }

    /// <summary>Sends an app event to every connection, as the supervisor's do; a lifecycle event moves <see cref="App"/> on.</summary>
    public async Task EmitAsync(AppEvent appEvent)
    {
        lock (_gate)
        {
            _app = _app.After(appEvent);
        }

        foreach (var writer in _connections.Values)
        {
            try
            {
                await writer.WriteMessageAsync(FrameType.Event, appEvent, ProtocolJson.Default.AppEvent, _stop.Token);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // That connection has gone.
            }
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                _ = ServeAsync(new NetworkStream(socket, ownsSocket: true));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(Stream stream)
    {
        var reader = new FrameReader(stream);
        var writer = new FrameWriter(stream);
        try
        {
            if (!await HandshakeAsync(reader, writer))
            {
                return;
            }

            _connections[stream] = writer;
            while (await reader.ReadAsync(_stop.Token) is { } frame)
            {
                if (frame.Type == FrameType.Command)
                {
                    Commands.Enqueue(Read(frame, ProtocolJson.Default.CommandMessage).Name);
                    await StartAppAsync(stopFirst: true);
                    continue;
                }

                var update = Read(frame, ProtocolJson.Default.ApplyMessage);
                Updates.Enqueue(update);
                var next = NextUpdate;
                NextUpdate = new(TaskCreationOptions.RunContinuationsAsynchronously);
                next.TrySetResult(update);
                if (DropNext)
                {
                    DropNext = false;
                    return;
                }

                await DrainUploadsAsync(reader, update);
                if (HoldAnswers is { } hold)
                {
                    await hold.Task.WaitAsync(_stop.Token);
                }

                await writer.WriteMessageAsync(FrameType.Applied, await ApplyAsync(update), ProtocolJson.Default.AppliedMessage, _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or ProtocolException or JsonException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection ended.
        }
        finally
        {
            _connections.TryRemove(stream, out _);
            writer.Dispose();
            await stream.DisposeAsync();
        }
    }

    private async Task<bool> HandshakeAsync(FrameReader reader, FrameWriter writer)
    {
        if (await reader.ReadAsync(_stop.Token) is not { Type: FrameType.Hello } helloFrame)
        {
            return false;
        }

        var hello = Read(helloFrame, ProtocolJson.Default.HelloMessage);
        var nonce = SessionToken.Nonce();
        await writer.WriteMessageAsync(FrameType.Challenge, new ChallengeMessage(nonce, SessionToken.Proof(Token, SessionToken.SyncletRole, hello.Nonce, nonce)), ProtocolJson.Default.ChallengeMessage, _stop.Token);
        if (await reader.ReadAsync(_stop.Token) is not { Type: FrameType.Proof } proofFrame
            || !SessionToken.Matches(SessionToken.Proof(Token, SessionToken.ClientRole, hello.Nonce, nonce), Read(proofFrame, ProtocolJson.Default.ProofMessage).Proof))
        {
            await writer.WriteMessageAsync(FrameType.Error, SyncletErrors.BadToken(), ProtocolJson.Default.ErrorMessage, _stop.Token);
            return false;
        }

        Interlocked.Increment(ref _handshakes);
        await writer.WriteMessageAsync(FrameType.Welcome, new WelcomeMessage(ProtocolLimits.Version, [.. Manifest.Entries], App), ProtocolJson.Default.WelcomeMessage, _stop.Token);
        return true;
    }

    private static async Task DrainUploadsAsync(FrameReader reader, ApplyMessage update)
    {
        var remaining = update.Writes.Where(w => w.CopyFrom is null).Sum(w => w.Size);
        while (remaining > 0)
        {
            var data = await reader.ReadAsync(CancellationToken.None) ?? throw new IOException("The client left mid-upload.");
            remaining -= data.Payload.Length;
        }
    }

    private async Task<AppliedMessage> ApplyAsync(ApplyMessage update)
    {
        FileManifest held;
        lock (_gate)
        {
            held = _manifest;
        }

        if (!Enum.IsDefined(update.Kind) || update.Kind == UpdateKind.Build)
        {
            // As the synclet does: the app's files are never built.
            return new AppliedMessage(update.UpdateId, SyncletErrors.Malformed($"a {update.Kind} update on a connection about the app's files"), [.. held.Entries], 0, 0, 0, App);
        }

        if (RefuseNext is { } refusal)
        {
            RefuseNext = null;
            return new AppliedMessage(update.UpdateId, refusal, [.. held.Entries], 0, 0, 0, App);
        }

        if (update.BaseDigest != held.Digest())
        {
            return new AppliedMessage(update.UpdateId, SyncletErrors.Stale(), [.. held.Entries], 0, 0, 0, App);
        }

        var entries = held.Entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
        foreach (var path in update.Deletes)
        {
            entries.Remove(path);
        }

        foreach (var write in update.Writes)
        {
            entries[write.Path] = new ManifestEntry(write.Path, write.Hash, write.Size);
        }

        lock (_gate)
        {
            _manifest = new FileManifest(entries.Values);
        }

        if (update.Kind != UpdateKind.FilesOnly)
        {
            await StartAppAsync(stopFirst: App.IsUp);
        }

        return new AppliedMessage(update.UpdateId, null, [.. Manifest.Entries], 1, 1, 1, App);
    }

    private async Task StartAppAsync(bool stopFirst)
    {
        if (stopFirst && App.Pid is { } pid)
        {
            await EmitAsync(new AppEvent(AppEventKind.Exited, DateTimeOffset.UtcNow, null, pid, 0, ExitReason.Stopped));
        }

        var started = Interlocked.Increment(ref _nextPid);
        await EmitAsync(new AppEvent(AppEventKind.Started, DateTimeOffset.UtcNow, null, started, null));
        await EmitAsync(new AppEvent(AppEventKind.Ready, DateTimeOffset.UtcNow, null, started, null));
    }

    private static T Read<T>(Frame frame, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(frame.Payload.Span, type) ?? throw new ProtocolException($"An empty {frame.Type}.");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await DropConnectionsAsync();
        await _accepting;
        _stop.Dispose();
    }
}
