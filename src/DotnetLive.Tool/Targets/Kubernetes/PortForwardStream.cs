using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace DotnetLive.Tool.Targets.Kubernetes;

/// <summary>
/// One TCP connection to a port inside a pod, over the API server's port-forward WebSocket
/// (subprotocol <c>v4.channel.k8s.io</c>, one port). Every binary message starts with its channel:
/// 0 carries the data, 1 the errors; the first message on each channel from the server is the port
/// number (2 bytes, little endian). The client writes data on channel 0 without that prefix.
/// </summary>
internal sealed class PortForwardStream(WebSocket socket) : Stream
{
    private const byte DataChannel = 0;
    private const byte ErrorChannel = 1;
    private const int MaxMessage = 64 * 1024;
    private readonly byte[] _receive = new byte[MaxMessage + 1];
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly StringBuilder _error = new();
    private readonly bool[] _portSeen = new bool[2];
    private ReadOnlyMemory<byte> _pending;
    private bool _ended;
    private volatile bool _disposed;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_pending.IsEmpty)
        {
            if (_ended)
            {
                return 0;
            }

            await ReceiveMessageAsync(cancellationToken).ConfigureAwait(false);
        }

        var count = Math.Min(buffer.Length, _pending.Length);
        _pending[..count].CopyTo(buffer);
        _pending = _pending[count..];
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Reads one whole message; data becomes <see cref="_pending"/>, an error from the kubelet ends the stream with it.</summary>
    private async Task ReceiveMessageAsync(CancellationToken ct)
    {
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            if (length == _receive.Length)
            {
                throw new IOException($"The port-forward sent a message larger than {MaxMessage} bytes.");
            }

            try
            {
                result = await socket.ReceiveAsync(_receive.AsMemory(length), ct).ConfigureAwait(false);
            }
            catch (WebSocketException e)
            {
                throw new IOException("port-forward: " + e.Message, e);
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                _ended = true;
                return;
            }

            length += result.Count;
        }
        while (!result.EndOfMessage);

        if (length == 0 || _receive[0] > ErrorChannel)
        {
            return;
        }

        var channel = _receive[0];
        var payload = _receive.AsMemory(1, length - 1);
        if (!_portSeen[channel])
        {
            _portSeen[channel] = true;
            payload = payload.Length >= 2 ? payload[2..] : Memory<byte>.Empty;
        }

        if (channel == DataChannel)
        {
            _pending = payload.ToArray();
            return;
        }

        _error.Append(Encoding.UTF8.GetString(payload.Span));
        if (_error.Length > 0)
        {
            throw new IOException("port-forward: " + _error.ToString().Trim());
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var message = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length, MaxMessage) + 1);
        try
        {
            message[0] = DataChannel;
            while (!buffer.IsEmpty)
            {
                var count = Math.Min(buffer.Length, MaxMessage);
                buffer[..count].CopyTo(message.AsMemory(1));
                await socket.SendAsync(message.AsMemory(0, count + 1), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
                buffer = buffer[count..];
            }
        }
        catch (Exception e) when (e is WebSocketException or InvalidOperationException or ObjectDisposedException)
        {
            // Closed under the write (the other end went, or the stream is being disposed).
            throw new IOException("port-forward: " + e.Message, e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message);
            _sendGate.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Closes the WebSocket (politely when it is open and no write is under way). The send gate is not disposed: a write may still be leaving through it.</summary>
    public override async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (socket.State == WebSocketState.Open && await _sendGate.WaitAsync(TimeSpan.Zero).ConfigureAwait(false))
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or InvalidOperationException)
            {
                // The other end went first.
            }
            finally
            {
                _sendGate.Release();
            }
        }

        socket.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            socket.Dispose();
        }

        base.Dispose(disposing);
    }
}
