namespace DotnetLive.Testing.Templates;

/// <summary>What a user looks at to see that an app runs or an edit arrived: a page, a response header, a log line.</summary>
internal abstract record Probe
{
    /// <summary>The text of <paramref name="Path"/> contains <paramref name="Text"/>; over HTTP/2 without TLS (gRPC's) when <paramref name="Http2"/>.</summary>
    public sealed record Page(string Path, string Text, bool Http2 = false) : Probe;

    /// <summary>The response to <paramref name="Path"/> has the header <paramref name="Name"/> = <paramref name="Value"/>.</summary>
    public sealed record Header(string Path, string Name, string Value) : Probe;

    /// <summary>A line the tool shows (the app's output, or its own) contains <paramref name="Text"/>.</summary>
    public sealed record Log(string Text) : Probe;
}
