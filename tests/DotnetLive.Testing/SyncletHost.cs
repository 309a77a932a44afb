using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Wire;

namespace DotnetLive.Testing;

/// <summary>A real synclet process over a temporary app root, started the way the local target starts it.</summary>
internal sealed class SyncletHost : IAsyncDisposable
{
    private const string ListeningPrefix = "synclet: listening on ";
    private readonly Process _process;
    private readonly TempDirectory _root;

    private SyncletHost(Process process, TempDirectory root, IPEndPoint endpoint, string token)
    {
        _process = process;
        _root = root;
        Endpoint = endpoint;
        Token = token;
    }

    public IPEndPoint Endpoint { get; }

    public string Token { get; }

    public string Root => _root.Path;

    public static async Task<SyncletHost> StartAsync()
    {
        var token = SessionToken.Create();
        var root = new TempDirectory();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardInput = true };
        info.ArgumentList.Add(Repository.SyncletAssembly);
        info.ArgumentList.Add("--root");
        info.ArgumentList.Add(root.Path);
        info.ArgumentList.Add("--exit-when-stdin-closes");
        info.Environment[SessionToken.EnvironmentVariable] = token;
        var process = new Process { StartInfo = info };
        var listening = new TaskCompletionSource<IPEndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith(ListeningPrefix, StringComparison.Ordinal) == true)
            {
                listening.TrySetResult(IPEndPoint.Parse(e.Data[ListeningPrefix.Length..]));
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        var endpoint = await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return new SyncletHost(process, root, endpoint, token);
    }

    /// <summary>The files of the live release, relative path → content.</summary>
    public Dictionary<string, string> LiveFiles()
    {
        var live = new DirectoryInfo(Path.Combine(Root, "current")).ResolveLinkTarget(returnFinalTarget: true)!.FullName;
        return Directory.EnumerateFiles(live, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(live, f), File.ReadAllText);
    }

    public async Task<SyncletClient> ConnectAsync(string? token = null) =>
        await SyncletClient.ConnectAsync(await OpenAsync(), token ?? Token, "tests", _ => { }, CancellationToken.None);

    public async Task<NetworkStream> OpenAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(Endpoint);
        return new NetworkStream(socket, ownsSocket: true);
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
        _root.Dispose();
    }
}
