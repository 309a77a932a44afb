namespace DotnetLive.Protocol.Client;

/// <summary>A build output file is missing or differs from the manifest it was planned from; nothing was sent.</summary>
internal sealed class OutputChangedException(string path, Exception? inner = null)
    : Exception($"The build output '{path}' changed or vanished after it was hashed.", inner)
{
    public string Path { get; } = path;
}
