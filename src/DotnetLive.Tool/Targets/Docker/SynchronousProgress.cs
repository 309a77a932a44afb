namespace DotnetLive.Tool.Targets.Docker;

/// <summary>An IProgress that reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool and may report late).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
