using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Processes;
using DotnetLive.Protocol.Wire;

namespace DotnetLive.Testing;

/// <summary>A real synclet process over an app root, started the way the local target starts it.</summary>
internal sealed class SyncletHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory? _ownedRoot;

    private SyncletHost(Process process, string root, TempDirectory? ownedRoot, IPEndPoint endpoint, string token, OutputLog errors)
    {
        _process = process;
        Errors = errors;
        Root = root;
        _ownedRoot = ownedRoot;
        Endpoint = endpoint;
        Token = token;
    }

    public IPEndPoint Endpoint { get; }

    public string Token { get; }

    public string Root { get; }

    public int Pid => _process.Id;

    /// <summary>The synclet's stderr: its refusals are logged there.</summary>
    public OutputLog Errors { get; }

    /// <param name="root">An app root to reuse (a restart); a new temporary one when null.</param>
    public static Task<SyncletHost> StartAsync(string? root = null, IReadOnlyDictionary<string, string>? environment = null, params string[] arguments) =>
        StartUnderAsync([], root, environment, arguments);

    /// <summary>The synclet run by <paramref name="wrapper"/> (e.g. strace and its options), which runs `dotnet` and the synclet's arguments after its own.</summary>
    public static async Task<SyncletHost> StartUnderAsync(IReadOnlyList<string> wrapper, string? root = null, IReadOnlyDictionary<string, string>? environment = null, params string[] arguments)
    {
        var token = SessionToken.Create();
        var owned = root is null ? new TempDirectory() : null;
        root ??= owned!.Path;
        var info = new ProcessStartInfo(wrapper.Count > 0 ? wrapper[0] : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in wrapper.Count > 0 ? [.. wrapper.Skip(1), "dotnet"] : Array.Empty<string>())
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add(Repository.SyncletAssembly);
        foreach (var argument in (string[])["--root", root, "--token-file", "-", "--exit-when-stdin-closes", .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var listening = new TaskCompletionSource<IPEndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new OutputLog();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && SyncletListening.TryParse(e.Data, out var listeningOn))
            {
                listening.TrySetResult(listeningOn);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                errors.Add(e.Data);
            }
        };
        process.Start();
        await process.StandardInput.WriteLineAsync(token);
        await process.StandardInput.FlushAsync();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var endpoint = await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return new SyncletHost(process, root, owned, endpoint, token, errors);
    }

    public string LiveRelease => new DirectoryInfo(Path.Combine(Root, "current")).ResolveLinkTarget(returnFinalTarget: true)!.FullName;

    /// <summary>The files of the live release, relative path → content.</summary>
    public Dictionary<string, string> LiveFiles()
    {
        var live = LiveRelease;
        return Directory.EnumerateFiles(live, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(live, f), File.ReadAllText);
    }

    /// <summary>Everything under the root other than the live release and its list of shipped paths: what an interrupted update might leave.</summary>
    public IReadOnlyList<string> Leftovers()
    {
        var live = LiveRelease;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
        return Directory.EnumerateFileSystemEntries(Root, "*", options)
            .Where(e => !e.StartsWith(live + "/", StringComparison.Ordinal) && e != live && e != live + ".shipped" && e != Path.Combine(Root, "current") && e != Path.Combine(Root, "releases") && e != Path.Combine(Root, "staging"))
            .ToList();
    }

    public Task<SyncletClient> ConnectAsync(string? token = null, Action<Protocol.Messages.AppEvent>? onEvent = null) =>
        SyncletClient.ConnectTcpAsync(Endpoint.Address.ToString(), Endpoint.Port, token ?? Token, "tests", Protocol.Messages.StoreKind.App, onEvent ?? (_ => { }), CancellationToken.None);

    public async Task<NetworkStream> OpenAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(Endpoint);
        return new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>SIGKILL: no cleanup of any kind runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        _ownedRoot?.Dispose();
    }
}
