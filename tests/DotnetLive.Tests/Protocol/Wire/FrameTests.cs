using System.Buffers.Binary;
using System.IO.Pipes;
using System.Security.Cryptography;
using DotnetLive.Protocol.Wire;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Protocol.Wire;

/// <summary>
/// Frames as they go on the wire: a message larger than one frame goes in parts and is read whole, the
/// reader's limit holds for all the parts together and refuses a frame before reading it, and writers
/// on several tasks never interleave their parts.
/// </summary>
public sealed class FrameTests
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task A_message_larger_than_a_frame_goes_in_parts_and_is_read_whole()
    {
        var message = Pattern(20 * MiB, seed: 7);
        using var wire = new MemoryStream();
        using (var writer = new FrameWriter(wire))
        {
            await writer.WriteAsync(FrameType.Welcome, message, CancellationToken.None);
        }

        Headers(wire.ToArray()).ShouldBe([(8 * MiB, FrameType.Continued), (8 * MiB, FrameType.Continued), (4 * MiB, FrameType.Welcome)]);

        wire.Position = 0;
        var reader = new FrameReader(wire);
        var frame = await reader.ReadAsync(CancellationToken.None);
        frame.ShouldNotBeNull();
        frame.Value.Type.ShouldBe(FrameType.Welcome);
        Digest(frame.Value.Payload.Span).ShouldBe(Digest(message));
        (await reader.ReadAsync(CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task A_message_of_one_frame_is_one_frame()
    {
        using var wire = new MemoryStream();
        using (var writer = new FrameWriter(wire))
        {
            await writer.WriteAsync(FrameType.Event, Pattern(ProtocolLimits.MaxFrameBytes, seed: 1), CancellationToken.None);
        }

        Headers(wire.ToArray()).ShouldBe([(ProtocolLimits.MaxFrameBytes, FrameType.Event)]);
    }

    [Fact]
    public async Task The_limit_holds_for_all_the_parts_and_the_frame_over_it_is_not_read()
    {
        // A peer that has not authenticated may send a few KiB: parts do not get it past that.
        using var wire = new MemoryStream();
        Frame(wire, FrameType.Continued, 3000);
        Frame(wire, FrameType.Hello, 2000);
        wire.Position = 0;

        var refused = await Should.ThrowAsync<ProtocolException>(async () => await new FrameReader(wire).ReadAsync(CancellationToken.None, ProtocolLimits.MaxHelloBytes));

        refused.Message.ShouldContain($"limit of {ProtocolLimits.MaxHelloBytes} bytes");
        wire.Position.ShouldBe(5 + 3000 + 5, "the frame over the limit is refused on its header");
    }

    [Fact]
    public async Task A_frame_over_the_frame_size_is_refused_on_its_header_whatever_the_message_limit()
    {
        using var wire = new MemoryStream();
        Frame(wire, FrameType.Apply, ProtocolLimits.MaxFrameBytes + 1);
        wire.Position = 0;

        await Should.ThrowAsync<ProtocolException>(async () => await new FrameReader(wire).ReadAsync(CancellationToken.None));

        wire.Position.ShouldBe(5);
    }

    [Fact]
    public async Task A_message_over_the_limit_is_not_written_at_all()
    {
        using var wire = new MemoryStream();
        using var writer = new FrameWriter(wire);

        var refused = await Should.ThrowAsync<ProtocolException>(() => writer.WriteAsync(FrameType.Apply, new byte[ProtocolLimits.MaxMessageBytes + 1], CancellationToken.None));

        refused.Message.ShouldContain("exceeds the limit");
        wire.Length.ShouldBe(0);
    }

    [Fact]
    public async Task A_connection_that_ends_between_the_parts_of_a_message_breaks_the_protocol()
    {
        using var wire = new MemoryStream();
        Frame(wire, FrameType.Continued, 100);
        wire.Position = 0;

        var broken = await Should.ThrowAsync<ProtocolException>(async () => await new FrameReader(wire).ReadAsync(CancellationToken.None));

        broken.Message.ShouldContain("in the middle of a message");
    }

    [Fact]
    public async Task Writers_on_several_tasks_never_interleave_their_parts()
    {
        // A pipe: a write waits while the reader has not taken the last one, so writers overlap.
        using var output = new AnonymousPipeServerStream(PipeDirection.Out);
        using var input = new AnonymousPipeClientStream(PipeDirection.In, output.ClientSafePipeHandle);
        using var writer = new FrameWriter(output);
        var large = Enumerable.Range(0, 3).Select(i => Pattern((9 * MiB) + i, seed: i)).ToList();
        var small = Enumerable.Range(0, 200).Select(i => Pattern(100 + i, seed: 100 + i)).ToList();

        var writing = Task.WhenAll(
            Task.Run(async () =>
            {
                foreach (var message in large)
                {
                    await writer.WriteAsync(FrameType.Apply, message, CancellationToken.None);
                }
            }),
            Task.Run(async () =>
            {
                foreach (var message in small)
                {
                    await writer.WriteAsync(FrameType.Event, message, CancellationToken.None);
                }
            }));

        var reader = new FrameReader(input);
        var read = new List<Frame>();
        while (read.Count < large.Count + small.Count)
        {
            read.Add(await reader.ReadAsync(CancellationToken.None) ?? throw new InvalidOperationException("The pipe ended early."));
        }

        await writing;
        read.Where(f => f.Type == FrameType.Apply).Select(f => Digest(f.Payload.Span)).ShouldBe(large.Select(m => Digest(m)));
        read.Where(f => f.Type == FrameType.Event).Select(f => Digest(f.Payload.Span)).ShouldBe(small.Select(m => Digest(m)));
    }

    /// <summary>Random bytes from a seed: each message, and each place in it, differs from every other.</summary>
    private static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string Digest(ReadOnlySpan<byte> bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    /// <summary>A frame's header and a payload of zeros, written as a peer would.</summary>
    private static void Frame(Stream wire, FrameType type, int length)
    {
        var header = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)length);
        header[4] = (byte)type;
        wire.Write(header);
        wire.Write(new byte[length]);
    }

    /// <summary>The length and type of each frame in <paramref name="wire"/>.</summary>
    private static List<(int Length, FrameType Type)> Headers(byte[] wire)
    {
        var headers = new List<(int, FrameType)>();
        for (var at = 0; at < wire.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(wire.AsSpan(at));
            headers.Add((length, (FrameType)wire[at + 4]));
            at += 5 + length;
        }

        return headers;
    }
}
