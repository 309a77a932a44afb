namespace DotnetLive.Synclet.Store;

/// <summary>
/// A place in the swap where the fault tests kill the synclet deterministically. Set by the synclet's
/// <c>--fault-point &lt;point&gt;:&lt;file&gt;</c> (points: "staged", "moved"): on reaching the point the
/// synclet creates &lt;file&gt; and stops there, so the test can SIGKILL it at exactly that moment.
/// Not an environment variable: launch profiles and manifests set those, and one would hang the synclet.
/// Unset, it costs one comparison.
/// </summary>
internal sealed class FaultPoint
{
    public const string Staged = "staged";
    public const string Moved = "moved";

    public static readonly FaultPoint None = new(null, null);

    private readonly string? _point;
    private readonly string? _marker;

    private FaultPoint(string? point, string? marker)
    {
        _point = point;
        _marker = marker;
    }

    /// <param name="value"><c>point:file</c>, or null for none.</param>
    public static FaultPoint Parse(string? value) =>
        value is not null && value.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon
            ? new FaultPoint(value[..colon], value[(colon + 1)..])
            : None;

    public void Reach(string point)
    {
        if (point != _point)
        {
            return;
        }

        File.WriteAllText(_marker!, point);
        Thread.Sleep(Timeout.Infinite);
    }
}
