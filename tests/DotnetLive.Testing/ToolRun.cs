using System.Diagnostics;

namespace DotnetLive.Testing;

/// <summary>The real `dotnet-live` tool, run as a process from its build output.</summary>
internal sealed class ToolRun : IAsyncDisposable
{
    private readonly Process _process;

    private ToolRun(Process process)
    {
        _process = process;
    }

    public OutputLog Output { get; } = new();

    public int Pid => _process.Id;

    public static ToolRun Start(string workingDirectory, params string[] arguments) =>
        Start(workingDirectory, new Dictionary<string, string>(), arguments);

    public static ToolRun Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Dotnet(workingDirectory, environment, [Repository.ToolAssembly, .. arguments]);

    /// <summary>Any `dotnet` command (a `dotnet build`, say), its output followed line by line as the tool's is.</summary>
    public static ToolRun Dotnet(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var run = new ToolRun(process);
        var open = 2;
        void OnLine(string? line)
        {
            if (line is not null)
            {
                run.Output.Add(line);
            }
            else if (Interlocked.Decrement(ref open) == 0)
            {
                run.Output.Complete();
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    public Task<int> WaitAsync(string what, Func<string, bool> match, int from = 0, int seconds = 60) =>
        Output.WaitForAsync(match, from, TimeSpan.FromSeconds(seconds), what);

    /// <summary>Waits for the first deploy: the app runs and serves (the first build included, hence the long wait).</summary>
    public Task<int> WaitDeployedAsync(int seconds = 180) =>
        WaitAsync("the deployed line", l => l.Contains("app running (", StringComparison.Ordinal), seconds: seconds);

    /// <summary>Waits until dotnet watch's relay has started the app with Hot Reload (after dotnet watch's own first build).</summary>
    public Task<int> WaitHotReloadStartedAsync(int from = 0, int seconds = 180) =>
        WaitAsync("the app started with Hot Reload", l => l.Contains("started the app with Hot Reload", StringComparison.Ordinal), from, seconds);

    /// <summary>Sends SIGTERM (what Ctrl+C / `docker stop` / a supervisor does) and waits for the exit code.</summary>
    public async Task<int> StopAsync()
    {
        Processes.Signal(_process.Id, 15);
        return await ExitCodeAsync();
    }

    public async Task<int> ExitCodeAsync(int seconds = 60)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public string Transcript => string.Join('\n', Output.Lines);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
