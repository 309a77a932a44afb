using System.Net.Sockets;
using System.Text.Json;
using DotnetLive.Protocol.Changes;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Wire;

namespace DotnetLive.Protocol.Client;

/// <summary>
/// One authenticated connection to a synclet over any duplex stream (loopback TCP, a Kubernetes
/// port-forward). Updates are sent one at a time; app events go to the callback given to
/// <see cref="ConnectAsync"/>.
/// </summary>
internal sealed class SyncletClient : IAsyncDisposable
{
    /// <summary>The uploads of an update opened before it is sent; the others are opened one at a time as they are sent.</summary>
    private const int OpenedAhead = 256;

    private readonly Stream _stream;
    private readonly FrameReader _reader;
    private readonly FrameWriter _writer;
    private readonly Action<AppEvent> _onEvent;
    private readonly Action<TelemetryExport>? _onTelemetry;
    private readonly SemaphoreSlim _applyGate = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private TaskCompletionSource<AppliedMessage>? _pending;
    private string? _pendingId;
    private Task _readLoop = Task.CompletedTask;

    private SyncletClient(Stream stream, Action<AppEvent> onEvent, Action<TelemetryExport>? onTelemetry, WelcomeMessage welcome)
    {
        _stream = stream;
        _reader = new FrameReader(stream);
        _writer = new FrameWriter(stream);
        _onEvent = onEvent;
        _onTelemetry = onTelemetry;
        LastManifest = new FileManifest(welcome.Manifest);
        LastApp = welcome.App;
        LivePath = welcome.LivePath;
    }

    /// <summary>The live release's stable path as the app sees it (its file system, not this one's); null for a source store.</summary>
    public string? LivePath { get; }

    /// <summary>What the synclet holds: its manifest on connect, then after each update.</summary>
    public FileManifest LastManifest { get; private set; }

    /// <summary>The app's state as last reported (welcome, update answers, lifecycle events).</summary>
    public AppStatus LastApp { get; private set; }

    /// <summary>Completes when the connection ends, for whatever reason.</summary>
    public Task Completion => _readLoop;

    /// <summary>Connects over TCP (loopback, a published container port, a port-forward's local end) and says hello.</summary>
    /// <param name="store">The app's files, or the sources a building synclet builds.</param>
    public static Task<SyncletClient> ConnectTcpAsync(string host, int port, string token, string clientName, StoreKind store, Action<AppEvent> onEvent, CancellationToken ct) =>
        ConnectTcpAsync(host, port, token, clientName, store, onEvent, onTelemetry: null, ct);

    /// <inheritdoc cref="ConnectTcpAsync(string, int, string, string, StoreKind, Action{AppEvent}, CancellationToken)"/>
    /// <param name="onTelemetry">Given the app's OpenTelemetry exports (asked for in the hello); null: none are sent.</param>
    public static async Task<SyncletClient> ConnectTcpAsync(string host, int port, string token, string clientName, StoreKind store, Action<AppEvent> onEvent, Action<TelemetryExport>? onTelemetry, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, ct).ConfigureAwait(false);
            return await ConnectAsync(new NetworkStream(socket, ownsSocket: true), token, clientName, store, onEvent, onTelemetry, ct).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a tunnel to the app's Hot Reload agent: says hello naming the agent's pipe, then waits until
    /// the agent has connected to it in the container. The returned stream carries the agent's bytes.
    /// </summary>
    public static async Task<Stream> OpenTunnelAsync(string host, int port, string token, string agentPipe, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, ct).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            var reader = new FrameReader(stream);
            var welcome = await ClientHandshake.RunAsync(reader, new FrameWriter(stream), token, new HelloMessage(ProtocolLimits.Version, "", "tunnel", agentPipe), ct).ConfigureAwait(false);
            var connected = welcome is { Type: FrameType.Welcome } ? await reader.ReadAsync(ct).ConfigureAwait(false) : welcome;
            switch (connected)
            {
                case { Type: FrameType.Tunnel }:
                    return stream;
                case { Type: FrameType.Error } error:
                    throw new SyncletRefusedException(Deserialize(error, ProtocolJson.Default.ErrorMessage));
                default:
                    throw new ProtocolException($"Expected the synclet to open the tunnel, got {connected?.Type.ToString() ?? "the end of the stream"}.");
            }
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <param name="onTelemetry">Given the app's OpenTelemetry exports (asked for in the hello); null: none are sent.</param>
    public static async Task<SyncletClient> ConnectAsync(Stream stream, string token, string clientName, StoreKind store, Action<AppEvent> onEvent, Action<TelemetryExport>? onTelemetry, CancellationToken ct)
    {
        var hello = new HelloMessage(ProtocolLimits.Version, "", clientName, Store: store, Telemetry: onTelemetry is not null);
        var frame = await ClientHandshake.RunAsync(new FrameReader(stream), new FrameWriter(stream), token, hello, ct).ConfigureAwait(false);
        if (frame.Type != FrameType.Welcome)
        {
            throw ClientHandshake.Unexpected(frame, "a welcome");
        }

        var welcome = Deserialize(frame, ProtocolJson.Default.WelcomeMessage);
        var client = new SyncletClient(stream, onEvent, onTelemetry, welcome);

        // An app that runs already (a reused container or pod, a synclet reconnected to) is told as the
        // event that put it there, so what follows the events (the HUD, `dotnet live ci`) knows it runs.
        if (welcome.App is { IsUp: true, Pid: var pid })
        {
            onEvent(new AppEvent(welcome.App.State == AppState.Ready ? AppEventKind.Ready : AppEventKind.Started, DateTimeOffset.UtcNow, null, pid, null));
        }

        client._readLoop = client.ReadLoopAsync();
        return client;
    }

    /// <summary>
    /// Sends <paramref name="changes"/>, computed against the manifest with digest <paramref name="baseDigest"/>,
    /// reading upload bytes from <paramref name="files"/>, and waits for the synclet's answer.
    /// </summary>
    /// <param name="request">What the update does to the app once the files are in.</param>
    public async Task<AppliedMessage> ApplyAsync(ChangeSet changes, string baseDigest, AppFiles files, UpdateRequest request, CancellationToken ct)
    {
        await _applyGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var pending = new TaskCompletionSource<AppliedMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
            var updateId = Guid.NewGuid().ToString("n");
            _pending = pending;
            _pendingId = updateId;
            var message = new ApplyMessage(
                updateId,
                baseDigest,
                changes.Writes.Select(w => new WireWrite(w.Entry.Path, w.Entry.Hash, w.Entry.Size, w.CopyFrom)).ToList(),
                changes.Deletes.ToList(),
                request.Kind,
                (request as UpdateRequest.HotReloadStart)?.Launch,
                (request as UpdateRequest.Sources)?.Project);
            var uploads = OpenUploads(changes, files);
            try
            {
                await _writer.WriteMessageAsync(FrameType.Apply, message, ProtocolJson.Default.ApplyMessage, ct).ConfigureAwait(false);
                await SendUploadsAsync(uploads, files, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or OutputChangedException)
            {
                // Cancelled, or a file changed, between the update and the end of its uploads: the
                // synclet would read what comes next as upload bytes. The connection cannot be used
                // again; the next one resyncs.
                await _closing.CancelAsync().ConfigureAwait(false);
                await _stream.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            finally
            {
                Close(uploads);
            }

            using var registration = ct.Register(() => pending.TrySetCanceled(ct));

            // The connection may have ended before this update was made pending: then no answer comes.
            if (await Task.WhenAny(pending.Task, _readLoop).ConfigureAwait(false) != pending.Task && !pending.Task.IsCompleted)
            {
                throw new IOException("The connection to the synclet ended before it answered the update.");
            }

            return await pending.Task.ConfigureAwait(false);
        }
        finally
        {
            _pending = null;
            _pendingId = null;
            _applyGate.Release();
        }
    }

    /// <summary>
    /// Checks every upload before anything is sent, so a build output that changed or vanished since it
    /// was hashed fails the update here, with the connection still in step: the first
    /// <see cref="OpenedAhead"/> are opened (and so held as they are), the others' sizes are checked and
    /// each is opened when its turn comes (an app of thousands of files stays under the descriptor limit).
    /// </summary>
    private static List<Upload> OpenUploads(ChangeSet changes, AppFiles files)
    {
        var uploads = new List<Upload>();
        foreach (var upload in changes.Uploads)
        {
            var path = files.SourceOf(upload.Entry.Path);
            try
            {
                var file = uploads.Count < OpenedAhead ? files.Open(upload.Entry.Path) : null;
                uploads.Add(new Upload(upload.Entry.Path, upload.Entry.Size, path, file));
                if ((file?.Length ?? files.Length(upload.Entry.Path)) != upload.Entry.Size)
                {
                    throw new OutputChangedException(path);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or OutputChangedException)
            {
                Close(uploads);
                throw e as OutputChangedException ?? new OutputChangedException(path, e);
            }
        }

        return uploads;
    }

    private static void Close(List<Upload> uploads)
    {
        foreach (var upload in uploads)
        {
            upload.Opened?.Dispose();
        }
    }

    /// <summary>Sends a command; what it does arrives as app events.</summary>
    public Task SendCommandAsync(AppCommand command, CancellationToken ct) =>
        _writer.WriteMessageAsync(FrameType.Command, new CommandMessage(command), ProtocolJson.Default.CommandMessage, ct);

    /// <summary>An upload: its path in the app, its size as hashed, where it is read from, and its stream when it was opened ahead.</summary>
    private sealed record Upload(string Path, long Size, string Source, Stream? Opened);

    private async Task SendUploadsAsync(List<Upload> uploads, AppFiles files, CancellationToken ct)
    {
        var buffer = new byte[ProtocolLimits.DataChunkBytes];
        var filled = 0;
        foreach (var (relative, size, source, opened) in uploads)
        {
            Stream file;
            try
            {
                file = opened ?? files.Open(relative);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OutputChangedException(source, e);
            }

            await using var later = opened is null ? file : null;
            var remaining = size;
            while (remaining > 0)
            {
                var want = (int)Math.Min(buffer.Length - filled, remaining);
                var read = await file.ReadAsync(buffer.AsMemory(filled, want), ct).ConfigureAwait(false);
                if (read == 0)
                {
                    // Truncated after it was opened: the frames no longer match what Apply declared.
                    break;
                }

                filled += read;
                remaining -= read;
                if (filled == buffer.Length)
                {
                    await _writer.WriteAsync(FrameType.Data, buffer.AsMemory(0, filled), ct).ConfigureAwait(false);
                    filled = 0;
                }
            }

            if (remaining > 0)
            {
                throw new OutputChangedException(source);
            }
        }

        if (filled > 0)
        {
            await _writer.WriteAsync(FrameType.Data, buffer.AsMemory(0, filled), ct).ConfigureAwait(false);
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await _reader.ReadAsync(_closing.Token).ConfigureAwait(false) is { } frame)
            {
                switch (frame.Type)
                {
                    case FrameType.Applied:
                        var applied = Deserialize(frame, ProtocolJson.Default.AppliedMessage);
                        LastManifest = new FileManifest(applied.Manifest);
                        LastApp = applied.App;
                        if (applied.UpdateId == _pendingId)
                        {
                            _pending?.TrySetResult(applied);
                        }

                        break;
                    case FrameType.Event:
                        var appEvent = Deserialize(frame, ProtocolJson.Default.AppEvent);
                        LastApp = LastApp.After(appEvent);
                        _onEvent(appEvent);
                        break;
                    case FrameType.Telemetry when _onTelemetry is not null:
                        _onTelemetry(TelemetryExport.FromPayload(frame.Payload));
                        break;
                    case FrameType.Error:
                        var error = Deserialize(frame, ProtocolJson.Default.ErrorMessage);
                        _pending?.TrySetException(new SyncletRefusedException(error));
                        return;
                    default:
                        throw new ProtocolException($"Unexpected {frame.Type} frame from the synclet.");
                }
            }

            _pending?.TrySetException(new IOException("The synclet closed the connection."));
        }
        catch (Exception e) when (e is IOException or ProtocolException or JsonException or OperationCanceledException or ObjectDisposedException)
        {
            _pending?.TrySetException(new IOException("The connection to the synclet was lost.", e));
        }
    }

    private static T Deserialize<T>(Frame frame, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(frame.Payload.Span, typeInfo) ?? throw new ProtocolException($"An empty {frame.Type} message.");

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        await _readLoop.ConfigureAwait(false);
        _closing.Dispose();
        _writer.Dispose();
        _applyGate.Dispose();
    }
}
