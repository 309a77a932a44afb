using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Build;

internal sealed record BuildOutcome(bool Succeeded, IReadOnlyList<BuildDiagnostic> Errors, long ElapsedMs);
