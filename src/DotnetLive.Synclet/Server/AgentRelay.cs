using System.Net.Sockets;
using System.Threading.Channels;

namespace DotnetLive.Synclet.Server;

/// <summary>
/// Listens, inside the container, on the pipe a Hot Reload session's agent (the SDK's delta applier,
/// loaded into the app as a startup hook) connects to, and hands each agent connection to the tunnel
/// that asks for that pipe. On Unix a .NET named pipe is a Unix socket named
/// <c>CoreFxPipe_&lt;name&gt;</c> in the temp directory, so the agent needs no change to be reached.
/// </summary>
internal sealed class AgentRelay : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private Listening? _current;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Listens on <paramref name="pipe"/> from now on (null: on none); agents of an older pipe are dropped.</summary>
    public async Task ListenAsync(string? pipe)
    {
        Listening? previous;
        lock (_gate)
        {
            if (_current?.Pipe == pipe)
            {
                return;
            }

            previous = _current;
            _current = pipe is null ? null : Listening.Start(pipe);
            _changed.TrySetResult();
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        if (previous is not null)
        {
            await previous.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The next agent that connects to <paramref name="pipe"/>. A tunnel may ask before the update that
    /// starts the session arrives (the app's agent waits for dotnet watch before the app is ready, so the
    /// two must overlap): it waits up to <paramref name="pipeTimeout"/> for that pipe to be listened on,
    /// and gets null if it never is.
    /// </summary>
    public async Task<Socket?> WaitForAgentAsync(string pipe, TimeSpan pipeTimeout, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(pipeTimeout);
        Listening? current;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                current = _current;
                changed = _changed.Task;
            }

            if (current?.Pipe == pipe)
            {
                break;
            }

            try
            {
                await changed.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return null;
            }
        }

        try
        {
            return await current.Agents.Reader.ReadAsync(ct).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync() => await ListenAsync(null).ConfigureAwait(false);

    private sealed class Listening : IAsyncDisposable
    {
        private readonly Socket _listener;
        private readonly string _path;
        private readonly CancellationTokenSource _stop = new();
        private Task _accepting = Task.CompletedTask;

        private Listening(string pipe, Socket listener, string path)
        {
            Pipe = pipe;
            _listener = listener;
            _path = path;

            // One agent waits at most; a newer one (the app restarted) replaces it.
            Agents = Channel.CreateBounded<Socket>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest }, dropped => dropped.Dispose());
        }

        public string Pipe { get; }

        public Channel<Socket> Agents { get; }

        public static Listening Start(string pipe)
        {
            var path = Protocol.Messages.LaunchSettings.AgentSocketPath(pipe);
            File.Delete(path);
            var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                listener.Bind(new UnixDomainSocketEndPoint(path));
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                listener.Listen(4);
            }
            catch
            {
                listener.Dispose();
                throw;
            }

            var listening = new Listening(pipe, listener, path);
            listening._accepting = listening.AcceptAsync();
            return listening;
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var agent = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
                    await Agents.Writer.WriteAsync(agent, _stop.Token).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
            finally
            {
                Agents.Writer.TryComplete();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            _listener.Dispose();
            await _accepting.ConfigureAwait(false);
            while (Agents.Reader.TryRead(out var waiting))
            {
                waiting.Dispose();
            }

            File.Delete(_path);
            _stop.Dispose();
        }
    }
}
