using System.Net.Sockets;
using DotnetLive.Protocol.Messages;

namespace DotnetLive.Synclet.Server;

/// <summary>
/// The app's Hot Reload agent (the SDK's delta applier, loaded into the app as a startup hook) and the
/// engine (`dotnet watch`, reached through a tunnel) meet here, each on its own clock.
/// <para>
/// The app's end: the synclet listens on a pipe of its own (<see cref="AppPipe"/>; on Unix a .NET named
/// pipe is the Unix socket <c>CoreFxPipe_&lt;name&gt;</c> in the temp folder, so the agent needs no
/// change). When an agent connects, the synclet reads its initialization (the capabilities) and answers
/// that the initial updates are done, so the app starts at once, engine or not.
/// </para>
/// <para>
/// The engine's end: a tunnel asks for the pipe its engine named (<see cref="Expect"/> says which one
/// the app belongs to now). It is given the agent's initialization first, as if the agent had just
/// connected, and the engine's own end of the initial updates is not passed on (the agent has had it).
/// When the tunnel ends the agent stays, for the next engine: an app the tool restarted, or one an
/// engine session joins without restarting it, keeps its Hot Reload.
/// </para>
/// </summary>
internal sealed class AgentRelay : IAsyncDisposable
{
    private static readonly TimeSpan InitializationTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The largest initialization accepted (a version byte and the capabilities, a few hundred bytes).</summary>
    private const int MaxInitializationBytes = 16 * 1024;

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private Socket? _listener;
    private Task _accepting = Task.CompletedTask;
    private string? _expected;
    private AgentHandshake? _handshake;
    private Agent? _agent;
    private Agent? _lent;
    private CancellationTokenSource? _lentTo;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The pipe name the app's agent is told to connect to: the synclet's, never an engine's.</summary>
    public string AppPipe { get; } = "dotnet-live-agent-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True while an initialized agent is connected: the running app can be joined by an engine without a restart.</summary>
    public bool HasAgent
    {
        get
        {
            lock (_gate)
            {
                return (_lent ?? _agent) is { } agent && agent.Socket.Connected;
            }
        }
    }

    /// <summary>
    /// The app belongs to the engine whose pipe is <paramref name="enginePipe"/> from now on (null: to no
    /// engine, a plain start; the app's pipe is closed), whose agent starts with <paramref name="handshake"/>.
    /// A tunnel of another engine is ended.
    /// </summary>
    public void Expect(string? enginePipe, AgentHandshake? handshake)
    {
        lock (_gate)
        {
            _handshake = handshake;
            if (enginePipe is not null && _listener is null)
            {
                _listener = Listen(AppPipe);
                _accepting = AcceptAsync(_listener);
            }

            if (_expected != enginePipe)
            {
                _lentTo?.Cancel();
            }

            _expected = enginePipe;
            Changed();
        }

        if (enginePipe is null)
        {
            StopListening();
        }
    }

    /// <summary>The app is about to stop: its agent is no engine's to take, and a tunnel to it ends (the new process's agent comes next).</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _agent?.Socket.Dispose();
            _agent = null;
            _lentTo?.Cancel();
            Changed();
        }
    }

    /// <summary>
    /// The app's agent for the engine of <paramref name="enginePipe"/>, once the app belongs to it and its
    /// agent has connected; null if neither happens within <paramref name="timeout"/>. The agent is the
    /// caller's until it gives it back (<see cref="Return"/>) or a newer engine asks.
    /// </summary>
    public async Task<AgentLease?> WaitForAgentAsync(string enginePipe, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_expected == enginePipe && _agent is { } agent)
                {
                    _agent = null;
                    _lent = agent;
                    _lentTo = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    return new AgentLease(agent.Socket, agent.Initialization, agent.Handshake, _lentTo.Token);
                }

                if (_expected == enginePipe && _lent is not null)
                {
                    // A tunnel of the same engine holds it (dotnet watch connects once; a second one replaces the first).
                    _lentTo?.Cancel();
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return null;
            }
        }
    }

    /// <summary>A tunnel has ended: the agent waits for the next engine, unless it has gone or a newer one connected.</summary>
    public void Return(AgentLease lease)
    {
        lock (_gate)
        {
            if (_lent?.Socket != lease.Socket)
            {
                return;
            }

            var agent = _lent;
            _lent = null;
            _lentTo?.Dispose();
            _lentTo = null;
            if (_agent is null && _listener is not null && agent.Socket.Connected)
            {
                _agent = agent;
            }
            else
            {
                agent.Socket.Dispose();
            }

            Changed();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        StopListening();
        await _accepting.ConfigureAwait(false);
        lock (_gate)
        {
            _agent?.Socket.Dispose();
            _lent?.Socket.Dispose();
            _lentTo?.Cancel();
        }

        _stop.Dispose();
    }

    private void StopListening()
    {
        Socket? listener;
        lock (_gate)
        {
            listener = _listener;
            _listener = null;
            _agent?.Socket.Dispose();
            _agent = null;
        }

        if (listener is not null)
        {
            listener.Dispose();
            File.Delete(LaunchSettings.AgentSocketPath(AppPipe));
        }
    }

    private static Socket Listen(string pipe)
    {
        var path = LaunchSettings.AgentSocketPath(pipe);
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
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    private async Task AcceptAsync(Socket listener)
    {
        try
        {
            while (true)
            {
                var socket = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
                _ = InitializeAsync(socket);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    /// <summary>Reads the agent's initialization and lets the app go on; the agent is then the one the app's engine gets.</summary>
    private async Task InitializeAsync(Socket socket)
    {
        byte[] initialization;
        AgentHandshake? handshake;
        lock (_gate)
        {
            handshake = _handshake;
        }

        try
        {
            if (handshake is null)
            {
                throw new InvalidDataException("the engine did not say how its agent starts");
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(InitializationTimeout);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            initialization = await AgentContract.ReadInitializationAsync(stream, handshake, MaxInitializationBytes, timeout.Token).ConfigureAwait(false);
            await stream.WriteAsync(new[] { handshake.InitialUpdatesCompleted }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or InvalidDataException or ObjectDisposedException)
        {
            Console.Error.WriteLine($"synclet: a Hot Reload agent was not taken ({e.Message})");
            socket.Dispose();
            return;
        }

        lock (_gate)
        {
            if (_listener is null)
            {
                socket.Dispose();
                return;
            }

            // The app started again: this agent is its only one, and a tunnel to the previous one ends.
            _agent?.Socket.Dispose();
            _agent = new Agent(socket, initialization, handshake);
            _lentTo?.Cancel();
            Changed();
        }
    }

    private void Changed()
    {
        _changed.TrySetResult();
        _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Agent(Socket Socket, byte[] Initialization, AgentHandshake Handshake);
}

/// <summary>An agent lent to one tunnel: its socket, the initialization to say first, how it started, and a token cancelled when a newer engine or app takes over.</summary>
internal sealed record AgentLease(Socket Socket, byte[] Initialization, AgentHandshake Handshake, CancellationToken Revoked);
