namespace DotnetLive.Tool.UI;

/// <summary>What the user can ask of the loop besides editing (the HUD's keys).</summary>
internal enum LoopCommand
{
    /// <summary>Restart the app where it runs.</summary>
    Restart,

    /// <summary>Send every output file again, whatever the synclet reports.</summary>
    Resync,

    /// <summary>Build now, as if a file had been saved.</summary>
    Rebuild,
}
