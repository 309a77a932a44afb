using System.Diagnostics;

namespace DotnetLive.Protocol.Processes;

/// <summary>
/// A child process started from a <see cref="ProcessSpec"/>: its output read line by line as it comes,
/// and stopped only by <see cref="StopAsync"/>, the way its spec says. The tool and the synclet start
/// every child through here, so that none is stopped by hand.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly ProcessSpec _spec;
    private readonly Process _process;

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
        if (spec.OnOutput is { } onOutput)
        {
            _process.OutputDataReceived += (_, e) => Line(onOutput, e.Data);
        }

        if (spec.OnError is { } onError)
        {
            _process.ErrorDataReceived += (_, e) => Line(onError, e.Data);
        }

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

        if (spec.OnOutput is not null)
        {
            child._process.BeginOutputReadLine();
        }

        if (spec.OnError is not null)
        {
            child._process.BeginErrorReadLine();
        }

        return child;
    }

    /// <summary>Until it has exited and its redirected output has been read to the end.</summary>
    public Task WaitForExitAsync(CancellationToken ct) => _process.WaitForExitAsync(ct);

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

    // The reader's last call (null) only says the stream has ended.
    private void Line(Action<ChildProcess, string> handler, string? line)
    {
        if (line is not null)
        {
            handler(this, line);
        }
    }
}
