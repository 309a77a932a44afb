using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using DotnetLive.Protocol.Wire;
using DotnetLive.Synclet.Server;
using DotnetLive.Testing;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Synclet.Server;

/// <summary>
/// What a peer without the token can cost a real synclet (the audit's H1): a first frame larger than a
/// hello is refused before it is read, connections that never authenticate are capped and closed after
/// the handshake timeout, and through all of it a client with the token gets in.
/// </summary>
public sealed class PreAuthenticationTests : IAsyncLifetime
{
    private SyncletHost _synclet = null!;

    public async Task InitializeAsync() => _synclet = await SyncletHost.StartAsync();

    public async Task DisposeAsync() => await _synclet.DisposeAsync();

    private static async Task SendHeaderAsync(NetworkStream stream, uint length, FrameType type)
    {
        var header = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(header, length);
        header[4] = (byte)type;
        await stream.WriteAsync(header);
    }

    /// <summary>Reads until the synclet closes the connection (an Error frame may come first); the time it took.</summary>
    private static async Task<TimeSpan> ClosedAfterAsync(NetworkStream stream, int seconds)
    {
        var clock = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var buffer = new byte[1024];
        try
        {
            while (await stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
        }
        catch (IOException)
        {
            // Reset by the synclet: closed too.
        }

        return clock.Elapsed;
    }

    [Fact]
    public async Task A_first_frame_larger_than_a_hello_is_refused_before_it_is_read()
    {
        var streams = new List<NetworkStream>();
        try
        {
            // Each declares a hello of 8 MiB and sends nothing more: before, each cost 8 MiB until the timeout.
            for (var i = 0; i < 10; i++)
            {
                var stream = await _synclet.OpenAsync();
                streams.Add(stream);
                await SendHeaderAsync(stream, ProtocolLimits.MaxFrameBytes, FrameType.Hello);
            }

            foreach (var stream in streams)
            {
                (await ClosedAfterAsync(stream, 10)).ShouldBeLessThan(TimeSpan.FromSeconds(4));
            }
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }

        await using var client = await _synclet.ConnectAsync();
        client.LastManifest.ShouldNotBeNull();
    }

    [Fact]
    public async Task Connections_that_never_authenticate_are_capped_and_closed_after_the_handshake_timeout()
    {
        var idle = new List<NetworkStream>();
        try
        {
            for (var i = 0; i < SyncletServer.MaxUnauthenticated; i++)
            {
                idle.Add(await _synclet.OpenAsync());
            }

            // One over the cap is closed at once, without a byte read (the synclet accepts in order).
            await using (var over = await _synclet.OpenAsync())
            {
                (await ClosedAfterAsync(over, 10)).ShouldBeLessThan(TimeSpan.FromSeconds(2));
            }

            // The idle ones are closed once the handshake timeout (5 s) has passed.
            foreach (var stream in idle)
            {
                (await ClosedAfterAsync(stream, 20)).ShouldBeLessThan(TimeSpan.FromSeconds(10));
            }
        }
        finally
        {
            foreach (var stream in idle)
            {
                await stream.DisposeAsync();
            }
        }

        await using var client = await _synclet.ConnectAsync();
        client.LastManifest.ShouldNotBeNull();
    }
}
