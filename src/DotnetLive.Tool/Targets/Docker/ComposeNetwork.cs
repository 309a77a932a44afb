namespace DotnetLive.Tool.Targets.Docker;

/// <param name="Key">The network's key in the Compose file.</param>
/// <param name="Name">Its name in the engine: <c>&lt;project&gt;_&lt;key&gt;</c> unless named or external.</param>
/// <param name="Driver">Its <c>driver</c>, when the file says (the engine's default, bridge, otherwise).</param>
/// <param name="Internal">Its <c>internal</c>: no route out.</param>
internal sealed record ComposeNetwork(string Key, string Name, bool External, string? Driver = null, bool Internal = false);
