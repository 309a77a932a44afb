using System.Security.Cryptography;
using System.Text;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Wire;
using DotnetLive.Synclet.Store;

namespace DotnetLive.Tests.Synclet.Store;

/// <summary>Builds updates exactly as they arrive on the wire: an Apply message and its Data frames.</summary>
internal static class Updates
{
    public static string Hash(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    public static ApplyMessage Apply(string baseDigest, IEnumerable<(string Path, string Content)> writes, params string[] deletes) =>
        new(Guid.NewGuid().ToString("n"), baseDigest,
            writes.Select(w => new WireWrite(w.Path, Hash(w.Content), Encoding.UTF8.GetByteCount(w.Content), null)).ToList(),
            deletes.ToList(),
            UpdateKind.Restart);

    /// <summary>The Data frames carrying <paramref name="contents"/>, split into frames of <paramref name="chunk"/> bytes.</summary>
    public static async Task<UploadReader> UploadsAsync(IEnumerable<string> contents, int chunk = 3)
    {
        var bytes = Encoding.UTF8.GetBytes(string.Concat(contents));
        var stream = new MemoryStream();
        using var writer = new FrameWriter(stream);
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            await writer.WriteAsync(FrameType.Data, bytes.AsMemory(offset, Math.Min(chunk, bytes.Length - offset)), CancellationToken.None);
        }

        stream.Position = 0;
        return new UploadReader(new FrameReader(stream), bytes.Length);
    }
}
