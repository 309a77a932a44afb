using System.Diagnostics;
using System.Text;

namespace DotnetLive.Protocol.Processes;

/// <summary>
/// A child process started from a <see cref="ProcessSpec"/>: its output read line by line as it comes,
/// and stopped only by <see cref="StopAsync"/>, the way its spec says. The tool and the synclet start
/// every child through here, so that none is stopped by hand.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    /// <summary>
    /// What of one line is kept: the rest of a longer one is counted, not held, so an app that writes
    /// without a newline cannot grow the reader's memory (the synclet's, in a container) without end.
    /// </summary>
    public const int MaxLineChars = 1024 * 1024;

    private readonly ProcessSpec _spec;
    private readonly Process _process;
    private Task _outputRead = Task.CompletedTask;
    private Task _errorRead = Task.CompletedTask;

    private ChildProcess(ProcessSpec spec)
    {
        _spec = spec;
        var info = new ProcessStartInfo(spec.Executable)
        {
            WorkingDirectory = spec.WorkingDirectory ?? "",
            RedirectStandardInput = spec.Input != ChildInput.Inherited,
            RedirectStandardOutput = spec.OnOutput is not null,
            RedirectStandardError = spec.OnError is not null,
            UseShellExecute = false,
        };
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in spec.Environment)
        {
            info.Environment[name] = value;
        }

        if (spec.Marked)
        {
            Mark = Guid.NewGuid().ToString("N");
            info.Environment[ProcessTree.MarkVariable] = Mark;
        }

        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        if (spec.OnExited is { } onExited)
        {
            _process.Exited += (_, _) => onExited(this);
        }
    }

    /// <summary>Its process id; throws once disposed, as <see cref="Process.Id"/> does.</summary>
    public int Id => _process.Id;

    public DateTime StartTimeUtc => _process.StartTime.ToUniversalTime();

    public bool HasExited => _process.HasExited;

    /// <summary>Its <see cref="ProcessTree.MarkVariable"/>'s value, when its spec is <see cref="ProcessSpec.Marked"/>.</summary>
    public string? Mark { get; }

    public int ExitCode => _process.ExitCode;

    /// <summary>Its standard input, when it is <see cref="ChildInput.Open"/>.</summary>
    public StreamWriter Input => _process.StandardInput;

    public static ChildProcess Start(ProcessSpec spec)
    {
        if (spec.StopRequest == StopRequest.CloseInput && spec.Input != ChildInput.Open)
        {
            throw new ArgumentException("A child stopped by closing its input needs an open input.", nameof(spec));
        }

        var child = new ChildProcess(spec);
        try
        {
            child._process.Start();
        }
        catch
        {
            child.Dispose();
            throw;
        }

        if (spec.Input == ChildInput.Closed)
        {
            child._process.StandardInput.Close();
        }

        if (spec.OnOutput is { } onOutput)
        {
            child._outputRead = ReadLinesAsync(child._process.StandardOutput, line => onOutput(child, line));
        }

        if (spec.OnError is { } onError)
        {
            child._errorRead = ReadLinesAsync(child._process.StandardError, line => onError(child, line));
        }

        return child;
    }

    /// <summary>Until it has exited and its redirected output has been read to the end.</summary>
    public async Task WaitForExitAsync(CancellationToken ct)
    {
        await _process.WaitForExitAsync(ct).ConfigureAwait(false);
        await Task.WhenAll(_outputRead, _errorRead).WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Stops it and what it started, as its spec says (<see cref="GracefulStop"/>); done once it has exited.</summary>
    public Task StopAsync() => GracefulStop.StopAsync(_process, Ask, _spec.GracePeriod, Mark);

    public void Dispose() => _process.Dispose();

    private void Ask()
    {
        if (_spec.StopRequest == StopRequest.CloseInput)
        {
            _process.StandardInput.Close();
        }
        else
        {
            Signals.Terminate(_process.Id);
        }
    }

    /// <summary>
    /// Tells each line of <paramref name="reader"/> as it ends (at \n, \r or \r\n, as
    /// <see cref="TextReader.ReadLine"/> splits them) and the last one at the end of the stream. A line
    /// longer than <see cref="MaxLineChars"/> is told as its first <see cref="MaxLineChars"/> characters
    /// and how many more there were.
    /// </summary>
    private static async Task ReadLinesAsync(StreamReader reader, Action<string> told)
    {
        // Never on the starter's thread: a handler may count on the start having returned.
        await Task.Yield();
        var buffer = new char[8192];
        var line = new StringBuilder();
        long cut = 0;
        var afterReturn = false;
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                foreach (var c in buffer.AsSpan(0, read))
                {
                    if (c is '\n' or '\r')
                    {
                        if (!(c == '\n' && afterReturn))
                        {
                            Tell();
                        }

                        afterReturn = c == '\r';
                        continue;
                    }

                    afterReturn = false;
                    if (line.Length < MaxLineChars)
                    {
                        line.Append(c);
                    }
                    else
                    {
                        cut++;
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Disposed while it was read: nothing more comes.
            return;
        }

        if (line.Length > 0 || cut > 0)
        {
            Tell();
        }

        void Tell()
        {
            told(cut == 0 ? line.ToString() : $"{line}… ({cut} more characters cut by dotnet-live)");
            line.Clear();
            cut = 0;
        }
    }
}
