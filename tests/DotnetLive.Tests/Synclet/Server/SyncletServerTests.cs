using System.Text.Json;
using DotnetLive.Protocol;
using DotnetLive.Protocol.Changes;
using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Wire;
using DotnetLive.Testing;
using DotnetLive.Tests.Synclet.Store;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Synclet.Server;

/// <summary>The synclet as a real process, spoken to over its real socket.</summary>
public sealed class SyncletServerTests : IAsyncLifetime
{
    private SyncletHost _synclet = null!;
    private readonly TempDirectory _output = new();

    public async Task InitializeAsync() => _synclet = await SyncletHost.StartAsync();

    public async Task DisposeAsync()
    {
        await _synclet.DisposeAsync();
        _output.Dispose();
    }

    private ChangeSet Build(params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            _output.Write(path, content);
        }

        return ChangeSetPlanner.Plan(FileManifest.Empty, ManifestBuilder.Build(_output.Path));
    }

    [Fact]
    public async Task A_client_that_cannot_prove_the_token_is_refused_before_anything_else()
    {
        await using var raw = await RawSynclet.HelloAsync(_synclet, token: SessionToken.Create());

        raw.SyncletProven.ShouldBeTrue();
        raw.Welcome.ShouldBeNull();
        raw.Refusal.ShouldNotBeNull().Code.ShouldBe("DLIVE5001");
    }

    [Fact]
    public async Task A_client_tells_nothing_to_what_cannot_prove_it_is_the_synclet()
    {
        // The real synclet, but the client holds another session's token: the synclet's proof fails.
        var unproven = await Should.ThrowAsync<SyncletRefusedException>(() => _synclet.ConnectAsync(SessionToken.Create()));
        unproven.Error.Code.ShouldBe("DLIVE5014");

        // An impostor on the port: it answers the hello with a made-up challenge and records what comes.
        using var impostor = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        impostor.Start();
        var token = SessionToken.Create();
        var received = new MemoryStream();
        var serving = Task.Run(async () =>
        {
            using var socket = await impostor.AcceptSocketAsync();
            await using var stream = new System.Net.Sockets.NetworkStream(socket);
            var hello = (await new FrameReader(stream).ReadAsync(CancellationToken.None)).ShouldNotBeNull();
            received.Write(hello.Payload.Span);
            await new FrameWriter(stream).WriteMessageAsync(FrameType.Challenge, new ChallengeMessage(SessionToken.Nonce(), SessionToken.Proof(SessionToken.Create(), SessionToken.SyncletRole, "x", "y")), ProtocolJson.Default.ChallengeMessage, CancellationToken.None);
            var buffer = new byte[4096];
            for (int read; (read = await stream.ReadAsync(buffer)) > 0;)
            {
                received.Write(buffer, 0, read);
            }
        });

        var refused = await Should.ThrowAsync<SyncletRefusedException>(() =>
            SyncletClient.ConnectTcpAsync("127.0.0.1", ((System.Net.IPEndPoint)impostor.LocalEndpoint).Port, token, "tool", StoreKind.App, _ => { }, CancellationToken.None));
        await serving.WaitAsync(TimeSpan.FromSeconds(10));

        refused.Error.Code.ShouldBe("DLIVE5014");
        var hello = JsonSerializer.Deserialize(received.ToArray(), ProtocolJson.Default.HelloMessage).ShouldNotBeNull(); // the hello, and nothing after it
        hello.Client.ShouldBe("tool");
        System.Text.Encoding.UTF8.GetString(received.ToArray()).ShouldNotContain(token);
    }

    [Theory]
    [InlineData("older synclet", "DLIVE5002")]
    [InlineData("garbage challenge", "DLIVE5014")]
    public async Task A_hello_answered_as_no_synclet_of_this_version_would_is_one_clear_refusal(string answer, string code)
    {
        using var peer = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        peer.Start();
        var serving = Task.Run(async () =>
        {
            using var socket = await peer.AcceptSocketAsync();
            await using var stream = new System.Net.Sockets.NetworkStream(socket);
            await new FrameReader(stream).ReadAsync(CancellationToken.None);
            var writer = new FrameWriter(stream);
            if (answer == "older synclet")
            {
                // What a synclet of protocol 6 says to a hello without a token.
                await writer.WriteMessageAsync(FrameType.Error, new ErrorMessage("DLIVE5001", "The session token is missing or wrong."), ProtocolJson.Default.ErrorMessage, CancellationToken.None);
            }
            else
            {
                await writer.WriteAsync(FrameType.Challenge, "{not json"u8.ToArray(), CancellationToken.None);
            }

            _ = await stream.ReadAsync(new byte[1]); // until the client closes
        });

        var refused = await Should.ThrowAsync<SyncletRefusedException>(() =>
            SyncletClient.ConnectTcpAsync("127.0.0.1", ((System.Net.IPEndPoint)peer.LocalEndpoint).Port, SessionToken.Create(), "tool", StoreKind.App, _ => { }, CancellationToken.None));
        await serving.WaitAsync(TimeSpan.FromSeconds(10));

        refused.Error.Code.ShouldBe(code);
    }

    [Fact]
    public async Task Another_protocol_version_is_refused_with_advice()
    {
        await using var stream = await _synclet.OpenAsync();
        using var writer = new FrameWriter(stream);
        await writer.WriteMessageAsync(FrameType.Hello, new HelloMessage(ProtocolLimits.Version + 1, SessionToken.Nonce(), "old tool"), ProtocolJson.Default.HelloMessage, CancellationToken.None);

        var frame = (await new FrameReader(stream).ReadAsync(CancellationToken.None)).ShouldNotBeNull();

        frame.Type.ShouldBe(FrameType.Error);
        JsonSerializer.Deserialize(frame.Payload.Span, ProtocolJson.Default.ErrorMessage)!.Code.ShouldBe("DLIVE5002");
    }

    [Fact]
    public async Task An_update_is_verified_swapped_in_and_reported_back()
    {
        await using var client = await _synclet.ConnectAsync();
        client.LastManifest.Count.ShouldBe(0);
        var changes = Build(("App.dll", "v1"), ("wwwroot/site.css", "body{}"));

        var applied = await client.ApplyAsync(changes, client.LastManifest.Digest(), new AppFiles(_output.Path), UpdateRequest.Restart, CancellationToken.None);

        applied.Error.ShouldBeNull();
        new FileManifest(applied.Manifest).Digest().ShouldBe(ManifestBuilder.Build(_output.Path).Digest());
        _synclet.LiveFiles().ShouldBe(new Dictionary<string, string> { ["App.dll"] = "v1", ["wwwroot/site.css"] = "body{}" }, ignoreOrder: true);
    }

    [Fact]
    public async Task An_update_that_does_not_restart_moves_the_files_and_keeps_the_release_the_app_runs_from_until_the_next_start()
    {
        await using var client = await _synclet.ConnectAsync();
        (await client.ApplyAsync(Build(("App.dll", "v1")), client.LastManifest.Digest(), new AppFiles(_output.Path), UpdateRequest.Restart, CancellationToken.None)).Error.ShouldBeNull();
        var started = _synclet.LiveRelease;

        // Twice without a restart: the live files move each time, the release started from stays, the one in between goes.
        (await client.ApplyAsync(Build(("App.dll", "v2")), client.LastManifest.Digest(), new AppFiles(_output.Path), new UpdateRequest.FilesOnly(), CancellationToken.None)).Error.ShouldBeNull();
        (await client.ApplyAsync(Build(("App.dll", "v3")), client.LastManifest.Digest(), new AppFiles(_output.Path), new UpdateRequest.FilesOnly(), CancellationToken.None)).Error.ShouldBeNull();

        _synclet.LiveFiles().ShouldBe(new Dictionary<string, string> { ["App.dll"] = "v3" });
        Directory.GetDirectories(Path.Combine(_synclet.Root, "releases")).ShouldBe([started, _synclet.LiveRelease], ignoreOrder: true);

        // The next start is from the live release; the old one is no longer needed.
        await client.SendCommandAsync(AppCommand.Restart, CancellationToken.None);
        // A command has no answer: its effect is awaited.
        await Eventually.UntilAsync("one release left after the restart", () => Directory.GetDirectories(Path.Combine(_synclet.Root, "releases")).Length == 1, TimeSpan.FromSeconds(10));
        _synclet.Leftovers().ShouldBeEmpty();
    }

    [Fact]
    public async Task What_the_app_made_in_its_folder_is_in_the_next_release_and_what_an_update_deleted_is_not()
    {
        await using var client = await _synclet.ConnectAsync();
        (await client.ApplyAsync(Build(("App.dll", "v1"), ("wwwroot/site.css", "body{}"), ("appsettings.json", "{}")), client.LastManifest.Digest(), new AppFiles(_output.Path), UpdateRequest.Restart, CancellationToken.None)).Error.ShouldBeNull();

        // What an app writes where it runs (its working directory is the release): a database, a folder of
        // uploads, a file in a folder the build ships, and a file that the next build brings itself.
        var release = _synclet.LiveRelease;
        File.WriteAllText(Path.Combine(release, "app.db"), "rows");
        Directory.CreateDirectory(Path.Combine(release, "uploads", "2026"));
        File.WriteAllText(Path.Combine(release, "uploads", "2026", "a.png"), "png");
        File.WriteAllText(Path.Combine(release, "wwwroot", "avatar.png"), "avatar");
        File.WriteAllText(Path.Combine(release, "cache.json"), "the app's");

        // The next build: App.dll changed, site.css deleted, cache.json now built.
        _output.Write("App.dll", "v2");
        _output.Write("cache.json", "the build's");
        File.Delete(Path.Combine(_output.Path, "wwwroot", "site.css"));
        var applied = await client.ApplyAsync(ChangeSetPlanner.Plan(client.LastManifest, ManifestBuilder.Build(_output.Path)), client.LastManifest.Digest(), new AppFiles(_output.Path), UpdateRequest.Restart, CancellationToken.None);

        applied.Error.ShouldBeNull();
        _synclet.LiveRelease.ShouldNotBe(release);
        _synclet.LiveFiles().ShouldBe(
            new Dictionary<string, string>
            {
                ["App.dll"] = "v2",
                ["appsettings.json"] = "{}",
                ["cache.json"] = "the build's",
                ["app.db"] = "rows",
                [Path.Combine("uploads", "2026", "a.png")] = "png",
                [Path.Combine("wwwroot", "avatar.png")] = "avatar",
            },
            ignoreOrder: true);

        // The manifest is what the synclet put there, not what the app made.
        applied.Manifest.Select(e => e.Path).ShouldBe(["App.dll", "appsettings.json", "cache.json"], ignoreOrder: true);
        await Eventually.UntilAsync("the old release gone", () => Directory.GetDirectories(Path.Combine(_synclet.Root, "releases")).Length == 1, TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// The synclet restarted on the same root (a new container process on the volume): what the app made
    /// is still the app's, not in the manifest the synclet answers with, so the client's next update
    /// (a resync: every output file against that manifest) does not delete it, and it is carried.
    /// </summary>
    [Fact]
    public async Task What_the_app_made_stays_the_apps_when_the_synclet_restarts()
    {
        using var root = new TempDirectory();
        await using (var first = await SyncletHost.StartAsync(root.Path))
        {
            await using var client = await first.ConnectAsync();
            (await client.ApplyAsync(Build(("App.dll", "v1"), ("appsettings.json", "{}")), client.LastManifest.Digest(), new AppFiles(_output.Path), UpdateRequest.Restart, CancellationToken.None)).Error.ShouldBeNull();
            File.WriteAllText(Path.Combine(first.LiveRelease, "app.db"), "rows");
        }

        await using var restarted = await SyncletHost.StartAsync(root.Path);
        await using var again = await restarted.ConnectAsync();
        again.LastManifest.Entries.Select(e => e.Path).ShouldBe(["App.dll", "appsettings.json"], ignoreOrder: true);

        _output.Write("App.dll", "v2");
        var applied = await again.ApplyAsync(ChangeSetPlanner.Plan(again.LastManifest, ManifestBuilder.Build(_output.Path)), again.LastManifest.Digest(), new AppFiles(_output.Path), UpdateRequest.Restart, CancellationToken.None);

        applied.Error.ShouldBeNull();
        restarted.LiveFiles().ShouldBe(new Dictionary<string, string> { ["App.dll"] = "v2", ["appsettings.json"] = "{}", ["app.db"] = "rows" }, ignoreOrder: true);
        restarted.Leftovers().ShouldBeEmpty();
    }

    [Fact]
    public async Task What_an_app_that_was_not_restarted_made_is_carried_at_its_next_start_and_a_file_added_then_deleted_meanwhile_stays_deleted()
    {
        await using var client = await _synclet.ConnectAsync();
        (await client.ApplyAsync(Build(("App.dll", "v1")), client.LastManifest.Digest(), new AppFiles(_output.Path), UpdateRequest.Restart, CancellationToken.None)).Error.ShouldBeNull();
        var started = _synclet.LiveRelease;
        File.WriteAllText(Path.Combine(started, "app.db"), "rows");

        // Without a restart (the app stays on its release) a file is added, then deleted.
        _output.Write("wwwroot/new.css", "a{}");
        (await client.ApplyAsync(ChangeSetPlanner.Plan(client.LastManifest, ManifestBuilder.Build(_output.Path)), client.LastManifest.Digest(), new AppFiles(_output.Path), new UpdateRequest.FilesOnly(), CancellationToken.None)).Error.ShouldBeNull();
        File.Delete(Path.Combine(_output.Path, "wwwroot", "new.css"));
        (await client.ApplyAsync(ChangeSetPlanner.Plan(client.LastManifest, ManifestBuilder.Build(_output.Path)), client.LastManifest.Digest(), new AppFiles(_output.Path), new UpdateRequest.FilesOnly(), CancellationToken.None)).Error.ShouldBeNull();

        await client.SendCommandAsync(AppCommand.Restart, CancellationToken.None);

        await Eventually.UntilAsync("one release left after the restart", () => Directory.GetDirectories(Path.Combine(_synclet.Root, "releases")).Length == 1, TimeSpan.FromSeconds(10));
        _synclet.LiveFiles().ShouldBe(new Dictionary<string, string> { ["App.dll"] = "v1", ["app.db"] = "rows" }, ignoreOrder: true);
    }

    [Fact]
    public async Task A_hot_reload_start_answers_the_agent_at_once_and_each_engine_tunnel_gets_its_initialization()
    {
        var pipe = Guid.NewGuid().ToString("n");
        var handshake = new AgentHandshake(InitializationResponse: 1, InitialUpdatesCompleted: 4);
        await using var client = await _synclet.ConnectAsync();
        var launch = new LaunchSettings(new Dictionary<string, string> { ["DOTNET_MODIFIABLE_ASSEMBLIES"] = "debug" }, pipe, handshake);

        // The tunnel may ask before the update that makes the app this engine's.
        var tunnel = SyncletClient.OpenTunnelAsync(_synclet.Endpoint.Address.ToString(), _synclet.Endpoint.Port, _synclet.Token, pipe, CancellationToken.None);
        (await client.ApplyAsync(Build(("App.dll", "v1")), client.LastManifest.Digest(), new AppFiles(_output.Path), new UpdateRequest.HotReloadStart(launch), CancellationToken.None)).Error.ShouldBeNull();

        // The agent (what the SDK's delta applier does) connects to the synclet's own pipe, owner-only, never the engine's.
        var socketPath = Path.Combine(Path.GetTempPath(), "CoreFxPipe_dotnet-live-agent-" + _synclet.Pid);
        File.GetUnixFileMode(socketPath).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Exists(Path.Combine(Path.GetTempPath(), "CoreFxPipe_" + pipe)).ShouldBeFalse();
        using var agent = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        await agent.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(socketPath));
        await using var agentStream = new System.Net.Sockets.NetworkStream(agent);
        byte[] initialization = [1, 0, 12, .. "capabilities"u8.ToArray()];
        await agentStream.WriteAsync(initialization);

        // The synclet ends the initial updates itself: the app runs on without waiting for an engine.
        (await ReadBytesAsync(agentStream, 1)).ShouldBe([4]);

        // The engine is told the agent's initialization; its own end of the initial updates is not passed on.
        var engine = await tunnel;
        (await ReadBytesAsync(engine, initialization.Length)).ShouldBe(initialization);
        await engine.WriteAsync((byte[])[4, .. "delta"u8.ToArray()]);
        (await ReadAsync(agentStream, 5)).ShouldBe("delta");
        await agentStream.WriteAsync("answer"u8.ToArray());
        (await ReadAsync(engine, 6)).ShouldBe("answer");

        // That engine goes; the next one joins the same agent, and is told its initialization again.
        await engine.DisposeAsync();
        await using var next = await SyncletClient.OpenTunnelAsync(_synclet.Endpoint.Address.ToString(), _synclet.Endpoint.Port, _synclet.Token, pipe, CancellationToken.None);
        (await ReadBytesAsync(next, initialization.Length)).ShouldBe(initialization);
        await next.WriteAsync((byte[])[4, .. "again"u8.ToArray()]);
        (await ReadAsync(agentStream, 5)).ShouldBe("again");

        // Without the token there is no tunnel; a plain update closes the app's pipe.
        await Should.ThrowAsync<SyncletRefusedException>(() => SyncletClient.OpenTunnelAsync(_synclet.Endpoint.Address.ToString(), _synclet.Endpoint.Port, "wrong", pipe, CancellationToken.None));
        (await client.ApplyAsync(Build(("App.dll", "v2")), client.LastManifest.Digest(), new AppFiles(_output.Path), UpdateRequest.Restart, CancellationToken.None)).Error.ShouldBeNull();
        File.Exists(socketPath).ShouldBeFalse();
    }

    private static async Task<byte[]> ReadBytesAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await stream.ReadExactlyAsync(buffer, timeout.Token);
        return buffer;
    }

    private static async Task<string> ReadAsync(Stream stream, int count) =>
        System.Text.Encoding.UTF8.GetString(await ReadBytesAsync(stream, count));

    [Fact]
    public async Task Bytes_that_do_not_match_their_hash_change_nothing_and_the_connection_stays_usable()
    {
        await using var client = await _synclet.ConnectAsync();
        await client.ApplyAsync(Build(("App.dll", "v1")), client.LastManifest.Digest(), new AppFiles(_output.Path), UpdateRequest.Restart, CancellationToken.None);
        var before = _synclet.LiveFiles();

        // Announce the hash of "v2" but send other bytes of the same length.
        _output.Write("App.dll", "v2");
        var lying = new ChangeSet([new FileWrite(new ManifestEntry("App.dll", Updates.Hash("v3"), 2))], []);
        var refused = await client.ApplyAsync(lying, client.LastManifest.Digest(), new AppFiles(_output.Path), UpdateRequest.Restart, CancellationToken.None);

        refused.Error.ShouldNotBeNull().Code.ShouldBe("DLIVE5006");
        _synclet.LiveFiles().ShouldBe(before);

        var honest = ChangeSetPlanner.Plan(client.LastManifest, ManifestBuilder.Build(_output.Path));
        (await client.ApplyAsync(honest, client.LastManifest.Digest(), new AppFiles(_output.Path), UpdateRequest.Restart, CancellationToken.None)).Error.ShouldBeNull();
        _synclet.LiveFiles()["App.dll"].ShouldBe("v2");
    }

    [Fact]
    public async Task A_traversal_path_is_refused_and_nothing_is_written()
    {
        await using var client = await _synclet.ConnectAsync();
        _output.Write("x", "evil");
        Directory.CreateDirectory(_output.Combine("sub"));
        var escape = new ChangeSet([new FileWrite(new ManifestEntry("../x", Updates.Hash("evil"), 4))], []);

        // The client reads sub/../x happily; the synclet must refuse the path.
        var refused = await client.ApplyAsync(escape, client.LastManifest.Digest(), new AppFiles(_output.Combine("sub")), UpdateRequest.Restart, CancellationToken.None);

        refused.Error.ShouldNotBeNull().Code.ShouldBe("DLIVE5004");
        File.Exists(Path.Combine(_synclet.Root, "x")).ShouldBeFalse();
        File.Exists(Path.Combine(_synclet.Root, "releases", "x")).ShouldBeFalse();
        _synclet.LiveFiles().ShouldBeEmpty();
    }
}
