using System.Net;
using DotnetLive.Protocol.Processes;
using DotnetLive.Tool.UI;

namespace DotnetLive.Tool.Targets.Local;

/// <summary>
/// A synclet running as a child process of the tool. It holds our end of its stdin: when the tool
/// ends — even killed — the pipe closes and the synclet stops the app and exits, so nothing is left.
/// </summary>
internal sealed class SyncletProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long it has, once its stdin is closed, to stop the app (SIGTERM and its own grace period) and exit.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);
    private readonly TaskCompletionSource<IPEndPoint> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _lastErrors = new();
    private readonly IReporter _reporter;
    private readonly ChildProcess _process;

    private SyncletProcess(ProcessSpec spec, IReporter reporter)
    {
        _reporter = reporter;
        _process = ChildProcess.Start(spec with
        {
            OnOutput = (_, line) => OnOutput(line),
            OnError = (_, line) => OnError(line),
            OnExited = process => _listening.TrySetException(new LiveException(Messages.SyncletDidNotStart, ExitSummary(process))),
        });
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <param name="environment">For the app, which inherits the synclet's environment (the token excepted).</param>
    public static async Task<(SyncletProcess Process, IPEndPoint Endpoint)> StartAsync(string dotnet, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string token, IReporter reporter, CancellationToken ct)
    {
        var synclet = new SyncletProcess(new ProcessSpec(dotnet, [ToolLayout.SyncletAssembly, .. arguments, "--token-file", "-"])
        {
            Environment = environment,
            Input = ChildInput.Open,
            StopRequest = StopRequest.CloseInput,
            GracePeriod = StopGrace,
        }, reporter);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StartTimeout);
        try
        {
            // The token is the first line of the synclet's standard input: in no environment or command line others can read.
            try
            {
                await synclet._process.Input.WriteLineAsync(token.AsMemory(), timeout.Token).ConfigureAwait(false);
                await synclet._process.Input.FlushAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // It exited at once (no runtime, a bad option): the exit is what is reported, below.
            }

            var endpoint = await synclet._listening.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
            return (synclet, endpoint);
        }
        catch
        {
            // However it ended (a cancel while the token was being written included), the synclet does not outlive the call.
            await synclet.DisposeAsync().ConfigureAwait(false);
            if (!ct.IsCancellationRequested && timeout.IsCancellationRequested)
            {
                throw new LiveException(Messages.SyncletDidNotStart, $"it did not listen within {StartTimeout.TotalSeconds} s");
            }

            throw;
        }
    }

    private void OnOutput(string line)
    {
        // After the first line, stdout is the app's output echoed for container logs; the tool gets it as events.
        if (SyncletListening.TryParse(line, out var endpoint))
        {
            _listening.TrySetResult(endpoint);
        }
    }

    private void OnError(string line)
    {
        if (!line.StartsWith("synclet:", StringComparison.Ordinal))
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

    private string ExitSummary(ChildProcess process)
    {
        lock (_lastErrors)
        {
            return $"it exited with code {process.ExitCode}" + (_lastErrors.Count > 0 ? ": " + string.Join(" / ", _lastErrors) : "");
        }
    }

    /// <summary>Closes its stdin (it stops the app with SIGTERM and a grace period, then exits); kills its tree if it lingers.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            _process.Dispose();
        }
    }
}
