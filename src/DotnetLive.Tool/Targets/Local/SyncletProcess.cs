using System.Diagnostics;
using System.Net;
using DotnetLive.Protocol.Wire;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Targets.Local;

/// <summary>
/// A synclet running as a child process of the tool. It holds our end of its stdin: when the tool
/// ends — even killed — the pipe closes and the synclet stops the app and exits, so nothing is left.
/// </summary>
internal sealed class SyncletProcess : IAsyncDisposable
{
    private const string ListeningPrefix = "synclet: listening on ";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly TaskCompletionSource<IPEndPoint> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _lastErrors = new();
    private readonly IReporter _reporter;

    private SyncletProcess(Process process, IReporter reporter)
    {
        _process = process;
        _reporter = reporter;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <param name="environment">For the app, which inherits the synclet's environment (the token excepted).</param>
    public static async Task<(SyncletProcess Process, IPEndPoint Endpoint)> StartAsync(string dotnet, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string token, IReporter reporter, CancellationToken ct)
    {
        var info = new ProcessStartInfo(dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ToolLayout.SyncletAssembly);
        foreach (var argument in arguments.Concat(["--token-file", "-"]))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var synclet = new SyncletProcess(process, reporter);
        process.OutputDataReceived += (_, e) => synclet.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => synclet.OnError(e.Data);
        process.Exited += (_, _) => synclet._listening.TrySetException(new LiveException(Messages.SyncletDidNotStart, synclet.ExitSummary()));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // The token is the first line of the synclet's standard input: in no environment or command line others can read.
        try
        {
            await process.StandardInput.WriteLineAsync(token.AsMemory(), ct).ConfigureAwait(false);
            await process.StandardInput.FlushAsync(ct).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // It exited at once (no runtime, a bad option): the exit is what is reported, below.
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StartTimeout);
        try
        {
            var endpoint = await synclet._listening.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
            return (synclet, endpoint);
        }
        catch
        {
            await synclet.DisposeAsync().ConfigureAwait(false);
            if (!ct.IsCancellationRequested && timeout.IsCancellationRequested)
            {
                throw new LiveException(Messages.SyncletDidNotStart, $"it did not listen within {StartTimeout.TotalSeconds} s");
            }

            throw;
        }
    }

    private void OnOutput(string? line)
    {
        // After the first line, stdout is the app's output echoed for container logs; the tool gets it as events.
        if (line is not null && line.StartsWith(ListeningPrefix, StringComparison.Ordinal)
            && IPEndPoint.TryParse(line[ListeningPrefix.Length..], out var endpoint))
        {
            _listening.TrySetResult(endpoint);
        }
    }

    private void OnError(string? line)
    {
        if (line is null || !line.StartsWith("synclet:", StringComparison.Ordinal))
        {
            return; // The app's stderr, echoed; it arrives as events.
        }

        lock (_lastErrors)
        {
            _lastErrors.Enqueue(line);
            if (_lastErrors.Count > 10)
            {
                _lastErrors.Dequeue();
            }
        }

        _reporter.Verbose(line);
    }

    private string ExitSummary()
    {
        lock (_lastErrors)
        {
            return $"it exited with code {_process.ExitCode}" + (_lastErrors.Count > 0 ? ": " + string.Join(" / ", _lastErrors) : "");
        }
    }

    /// <summary>Closes its stdin (it stops the app with SIGTERM and a grace period, then exits); kills it if it lingers.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _process.Dispose();
        }
    }
}
