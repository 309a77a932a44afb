namespace DotnetLive.Tool.HotReload;

/// <summary>
/// The Hot Reload session's times as a line of dotnet watch is read (Stopwatch timestamps): now, when
/// the build the running engine session started from was begun, and when code was last saved.
/// </summary>
internal sealed record WatchClock(long Now, long BuiltAt, long CodeSaved);
