using System.Globalization;

namespace DotnetLive.Bench;

/// <summary>Measurements of one quantity over the edits of a run.</summary>
internal sealed class Distribution(string name, string unit)
{
    private readonly List<double> _values = [];

    public string Name => name;

    public int Count => _values.Count;

    public void Add(double value) => _values.Add(value);

    public double Percentile(double p)
    {
        if (_values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    public string Format(double value) => double.IsNaN(value) ? "-" : value.ToString("N0", CultureInfo.InvariantCulture) + " " + unit;
}
