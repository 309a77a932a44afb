using DotnetLive.Protocol.Wire;

namespace DotnetLive.Synclet.Store;

/// <summary>
/// The bytes of one update, read from the Data frames that follow its Apply message. Files are
/// concatenated, so a frame may end one file and begin the next.
/// </summary>
internal sealed class UploadReader(FrameReader frames, long total)
{
    private ReadOnlyMemory<byte> _current;

    public long Remaining { get; private set; } = total;

    /// <summary>Copies the next <paramref name="count"/> bytes into <paramref name="destination"/>, feeding <paramref name="onBytes"/> as they pass.</summary>
    public async Task CopyToAsync(Stream destination, long count, Action<ReadOnlySpan<byte>> onBytes, CancellationToken ct)
    {
        if (count > Remaining)
        {
            throw new ProtocolException("An upload is longer than the update declared.");
        }

        while (count > 0)
        {
            if (_current.IsEmpty)
            {
                await NextFrameAsync(ct).ConfigureAwait(false);
            }

            var take = (int)Math.Min(count, _current.Length);
            var chunk = _current[..take];
            onBytes(chunk.Span);
            await destination.WriteAsync(chunk, ct).ConfigureAwait(false);
            _current = _current[take..];
            count -= take;
            Remaining -= take;
        }
    }

    /// <summary>Reads and drops what is left, so the connection stays in step after a refused update.</summary>
    public Task DrainAsync(CancellationToken ct) => CopyToAsync(Stream.Null, Remaining, static _ => { }, ct);

    private async Task NextFrameAsync(CancellationToken ct)
    {
        Frame? frame;
        try
        {
            frame = await frames.ReadAsync(ct).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new UploadInterruptedException(e);
        }

        if (frame is not { } data)
        {
            throw new UploadInterruptedException(null);
        }

        if (data.Type != FrameType.Data)
        {
            throw new ProtocolException($"Expected upload data, got a {data.Type} frame.");
        }

        if (data.Payload.Length > Remaining)
        {
            throw new ProtocolException("An upload is longer than the update declared.");
        }

        _current = data.Payload;
    }
}

