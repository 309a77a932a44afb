namespace DotnetLive.Tool.UI;

/// <summary>What one update shipped and what it cost.</summary>
internal sealed record UpdateSummary(DateTimeOffset At, int Files, long Bytes, long BuildMs, long SyncMs, long RestartMs, long EditToServingMs, IReadOnlyList<string> Shipped);
