namespace DotnetLive.Bench;

/// <summary>What one way of working measured.</summary>
internal sealed class RunResult(string name)
{
    public string Name => name;

    public Distribution EditToServing { get; } = new("edit→serving", "ms");

    public Distribution Build { get; } = new("build", "ms");

    public Distribution Restart { get; } = new("restart", "ms");

    /// <summary>From the tool's start until the app first serves.</summary>
    public Distribution FirstServe { get; } = new("start→first serve", "ms");

    public Distribution BytesShipped { get; } = new("bytes shipped", "B");

    public Dictionary<string, double> PeakMegabytes { get; } = [];

    public Dictionary<string, double> ProportionalMegabytes { get; } = [];

    /// <summary>Lines printed under the comparison (what was measured once rather than per edit).</summary>
    public List<string> Notes { get; } = [];
}
