using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace DotnetLive.Protocol.Processes;

/// <summary>
/// The first line a synclet prints on its standard output, once it listens: the local target and the
/// tests wait for it to learn the endpoint. A contract between the synclet process and whoever starts it.
/// </summary>
internal static class SyncletListening
{
    public const string Prefix = "synclet: listening on ";

    /// <summary>The endpoint <paramref name="line"/> names, when it is the listening line.</summary>
    public static bool TryParse(string line, [NotNullWhen(true)] out IPEndPoint? endpoint)
    {
        endpoint = null;
        return line.StartsWith(Prefix, StringComparison.Ordinal) && IPEndPoint.TryParse(line[Prefix.Length..], out endpoint);
    }
}
