using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Errors;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Wire;
using DotnetLive.Testing;
using DotnetLive.Testing.Orchestration;
using DotnetLive.Tests.Fakes;
using DotnetLive.Tool.Loop;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.UI;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tool.Loop;

/// <summary>
/// The updater against fake synclets in this process: what it ships, to which instances, and what it
/// does when a connection is lost, an instance refuses, the instances change or a newer edit comes.
/// </summary>
[Trait("Category", "Orchestration")]
public sealed class UpdaterTests : IAsyncDisposable
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);
    private readonly string _token = SessionToken.Create();
    private readonly TempDirectory _folder = new();
    private readonly RecordingReporter _reporter = new();
    private readonly CancellationTokenSource _session = new();
    private readonly List<FakeSynclet> _synclets = [];
    private readonly ProjectModel _project;
    private readonly SessionPublisher _publisher;

    public UpdaterTests()
    {
        _project = new ProjectModel(
            _folder.Combine("App.csproj"), "App.dll", _folder.Combine("bin"), _folder.Combine("obj", "manifest.json"), _folder.Combine("obj", "session.json"),
            LiveTarget: "fake", LiveBaseImage: "", LivePorts: "", TargetFrameworkVersion: "v10.0", IsWeb: false,
            SourceFiles: new HashSet<string>(), ProjectFiles: new HashSet<string>(), ProjectDirectories: [_folder.Path], IgnoredDirectories: [],
            Kubernetes: new KubernetesSettings("", [], "", "", 1, "app"));
        _publisher = new SessionPublisher(_project.SessionPath);
        Build(("App.dll", "v1"), ("App.pdb", "p1"), ("appsettings.json", "{}"));
    }

    private FakeSynclet Synclet(string name = "app")
    {
        var synclet = FakeSynclet.Start(name, _token);
        _synclets.Add(synclet);
        return synclet;
    }

    private Updater Updater(FakeTarget target, Action? reconnected = null) => new(target, _publisher, _reporter, _session.Token) { Reconnected = reconnected };

    /// <summary>A build: the output folder holds exactly these files, and its manifest says so.</summary>
    private FileManifest Build(params (string Path, string Content)[] files)
    {
        if (Directory.Exists(_project.OutputDirectory))
        {
            Directory.Delete(_project.OutputDirectory, recursive: true);
        }

        foreach (var (path, content) in files)
        {
            _folder.Write(Path.Combine("bin", path), content);
        }

        var manifest = ManifestBuilder.Build(_project.OutputDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(_project.ManifestPath)!);
        ManifestFile.Write(_project.ManifestPath, manifest);
        return manifest;
    }

    private static Task HoldsAsync(FakeSynclet synclet, FileManifest manifest) =>
        Eventually.UntilAsync($"{synclet.Name} to hold the build", () => synclet.Manifest.Digest() == manifest.Digest(), Soon);

    [Fact]
    public async Task The_first_update_sends_every_file_and_the_same_build_again_sends_nothing()
    {
        var synclet = Synclet();
        var target = new FakeTarget(_token, synclet);
        await using var updater = Updater(target);

        var first = (await updater.ShipAsync(_project, UpdateRequest.Restart, CancellationToken.None)).ShouldNotBeNull();
        var again = (await updater.ShipAsync(_project, UpdateRequest.Restart, CancellationToken.None)).ShouldNotBeNull();

        first.Changes.Writes.Count.ShouldBe(3);
        first.Applied.ShouldNotBeNull().App.State.ShouldBe(AppState.Ready);
        again.Applied.ShouldBeNull();
        synclet.Updates.Count.ShouldBe(1);
        target.Connects.ShouldBe(1);
        synclet.Manifest.Digest().ShouldBe(ManifestFile.Read(_project.ManifestPath).Digest());
    }

    [Fact]
    public async Task An_app_that_runs_already_is_reported_running_when_the_session_connects_to_it()
    {
        var synclet = Synclet();
        await synclet.EmitAsync(new AppEvent(AppEventKind.Started, DateTimeOffset.UtcNow, null, 7, null));
        await synclet.EmitAsync(new AppEvent(AppEventKind.Ready, DateTimeOffset.UtcNow, null, 7, null));
        await using var updater = Updater(new FakeTarget(_token, synclet));

        await updater.WarmUpAsync(CancellationToken.None);

        _reporter.AppEvents.ShouldContain(e => e.Event.Kind == AppEventKind.Ready && e.Event.Pid == 7);
        updater.AppRunning.ShouldBeTrue();
    }

    [Fact]
    public async Task An_edit_sends_only_what_it_changed_and_restarts_the_app()
    {
        var synclet = Synclet();
        await using var updater = Updater(new FakeTarget(_token, synclet));
        await updater.ShipAsync(_project, UpdateRequest.Restart, CancellationToken.None);
        var pid = synclet.App.Pid;

        Build(("App.dll", "v2"), ("App.pdb", "p1"), ("appsettings.json", "{}"));
        var edit = (await updater.ShipAsync(_project, UpdateRequest.Restart, CancellationToken.None)).ShouldNotBeNull();

        edit.Changes.Writes.Select(w => w.Entry.Path).ShouldBe(["App.dll"]);
        edit.Restarted.ShouldBeTrue();
        synclet.Updates.Last().Kind.ShouldBe(UpdateKind.Restart);
        synclet.App.Pid.ShouldNotBe(pid);
    }

    [Fact]
    public async Task Files_that_are_read_live_or_follow_a_hot_reload_move_under_the_running_app()
    {
        var synclet = Synclet();
        await using var updater = Updater(new FakeTarget(_token, synclet));
        await updater.ShipAsync(_project, UpdateRequest.Restart, CancellationToken.None);
        var pid = synclet.App.Pid;

        Build(("App.dll", "v1"), ("App.pdb", "p1"), ("appsettings.json", "{\"a\":1}"));
        var settings = (await updater.ShipAsync(_project, UpdateRequest.Restart, CancellationToken.None)).ShouldNotBeNull();
        Build(("App.dll", "v2"), ("App.pdb", "p2"), ("appsettings.json", "{\"a\":1}"));
        var followed = (await updater.ShipAsync(_project, new UpdateRequest.FilesOnly(), CancellationToken.None)).ShouldNotBeNull();

        settings.Restarted.ShouldBeFalse();
        followed.Restarted.ShouldBeFalse();
        synclet.Updates.Skip(1).Select(u => u.Kind).ShouldBe([UpdateKind.FilesOnly, UpdateKind.FilesOnly]);
        synclet.App.Pid.ShouldBe(pid);
    }

    [Fact]
    public async Task A_forced_resync_sends_every_file_again()
    {
        var synclet = Synclet();
        await using var updater = Updater(new FakeTarget(_token, synclet));
        await updater.ShipAsync(_project, UpdateRequest.Restart, CancellationToken.None);

        var resync = (await updater.ShipAsync(_project, UpdateRequest.Restart with { Full = true }, CancellationToken.None)).ShouldNotBeNull();

        resync.Changes.Writes.Count.ShouldBe(3);
        synclet.Updates.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_lost_connection_is_made_again_and_what_was_built_meanwhile_is_resynced()
    {
        var synclet = Synclet();
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var updater = Updater(new FakeTarget(_token, synclet), () => reconnected.TrySetResult());
        await updater.ShipAsync(_project, UpdateRequest.Restart, CancellationToken.None);

        var meanwhile = Build(("App.dll", "v2"), ("App.pdb", "p1"), ("appsettings.json", "{}"));
        await synclet.DropConnectionsAsync();
        await reconnected.Task.WaitAsync(Soon);

        synclet.Handshakes.ShouldBe(2);
        synclet.Manifest.Digest().ShouldBe(meanwhile.Digest());
        _reporter.Infos.ShouldContain(i => i.Message == Messages.Reconnected && (int)i.Args[0]! == 1);
    }

    [Fact]
    public async Task A_synclet_lost_mid_update_gets_it_in_a_second_round_on_a_new_connection()
    {
        var synclet = Synclet();
        await using var updater = Updater(new FakeTarget(_token, synclet));
        await updater.ShipAsync(_project, UpdateRequest.Restart, CancellationToken.None);

        var edited = Build(("App.dll", "v2"), ("App.pdb", "p1"), ("appsettings.json", "{}"));
        synclet.DropNext = true;
        var outcome = await updater.ShipAsync(_project, UpdateRequest.Restart, CancellationToken.None);

        outcome.ShouldNotBeNull().Applied.ShouldNotBeNull();
        _reporter.Errors.ShouldContain(e => e.Message == Messages.SyncletLost);
        synclet.Manifest.Digest().ShouldBe(edited.Digest());
    }

    [Fact]
    public async Task Every_instance_is_updated_and_one_that_refuses_is_named_while_the_others_keep_theirs()
    {
        var (first, second) = (Synclet("pod-a"), Synclet("pod-b"));
        await using var updater = Updater(new FakeTarget(_token, first, second));
        await updater.ShipAsync(_project, UpdateRequest.Restart, CancellationToken.None);

        var edited = Build(("App.dll", "v2"), ("App.pdb", "p1"), ("appsettings.json", "{}"));
        second.RefuseNext = SyncletErrors.StagingFailed("no space left");
        var outcome = (await updater.ShipAsync(_project, UpdateRequest.Restart, CancellationToken.None)).ShouldNotBeNull();

        outcome.Applied.ShouldNotBeNull();
        first.Manifest.Digest().ShouldBe(edited.Digest());
        second.Manifest.Digest().ShouldNotBe(edited.Digest());
        _reporter.Errors.ShouldContain(e => e.Message == Messages.UpdateRefused && e.Text.Contains("pod-b: " + DiagnosticCodes.StagingFailed));
        _reporter.Infos.ShouldContain(i => i.Message == Messages.ReplicaUpdated && (string)i.Args[0]! == "pod-a");

        // The next edit plans against what each one holds: the one that refused gets both changes.
        var next = Build(("App.dll", "v3"), ("App.pdb", "p3"), ("appsettings.json", "{}"));
        await updater.ShipAsync(_project, UpdateRequest.Restart, CancellationToken.None);
        first.Manifest.Digest().ShouldBe(next.Digest());
        second.Manifest.Digest().ShouldBe(next.Digest());
    }

    [Fact]
    public async Task A_new_instance_is_connected_and_synced_with_the_last_build()
    {
        var (first, second) = (Synclet("pod-a"), Synclet("pod-b"));
        var target = new FakeTarget(_token, first);
        var synced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var updater = Updater(target, () => synced.TrySetResult());
        var built = ManifestFile.Read(_project.ManifestPath);
        await updater.ShipAsync(_project, UpdateRequest.Restart, CancellationToken.None);

        target.ChangeReplicas(first, second);
        await synced.Task.WaitAsync(Soon);

        await HoldsAsync(second, built);
        first.Updates.Count.ShouldBe(1, "the one that had the build gets nothing again");
        _reporter.Told(Messages.ReplicasSynced).ShouldBeTrue();
        _reporter.Told(Messages.Reconnecting).ShouldBeFalse("a rollout is not a loss");
    }

    [Fact]
    public async Task An_update_cancelled_by_a_newer_edit_leaves_the_next_one_to_bring_the_app_up_to_date()
    {
        var synclet = Synclet();
        await using var updater = Updater(new FakeTarget(_token, synclet));
        await updater.ShipAsync(_project, UpdateRequest.Restart, CancellationToken.None);

        Build(("App.dll", "v2"), ("App.pdb", "p1"), ("appsettings.json", "{}"));
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        synclet.HoldAnswers = hold;
        using var newerEdit = new CancellationTokenSource();
        var read = synclet.NextUpdate.Task;
        var stale = updater.ShipAsync(_project, UpdateRequest.Restart, newerEdit.Token);
        await read.WaitAsync(Soon);
        await newerEdit.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => stale);

        synclet.HoldAnswers = null;
        hold.SetResult();
        var newest = Build(("App.dll", "v3"), ("App.pdb", "p1"), ("appsettings.json", "{}"));
        var outcome = (await updater.ShipAsync(_project, UpdateRequest.Restart, CancellationToken.None)).ShouldNotBeNull();

        outcome.Refusal.ShouldBeNull();
        synclet.Manifest.Digest().ShouldBe(newest.Digest());
    }

    [Fact]
    public async Task A_target_s_own_failure_while_reconnecting_is_reported_as_itself_and_the_session_goes_on()
    {
        var synclet = Synclet();
        var target = new FakeTarget(_token, synclet);
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var updater = Updater(target, () => reconnected.TrySetResult());
        await updater.ShipAsync(_project, UpdateRequest.Restart, CancellationToken.None);

        target.ConnectFailures.Enqueue(new LiveException(Messages.ContainerFailed, "app", "port is already allocated", "5080"));
        await synclet.DropConnectionsAsync();
        await reconnected.Task.WaitAsync(Soon);

        _reporter.Errors.ShouldContain(e => e.Message == null && e.Text.StartsWith(DiagnosticCodes.ContainerFailed + ":", StringComparison.Ordinal));
        _reporter.Errors.ShouldNotContain(e => e.Message == Messages.SyncletLost && e.Text.Contains(DiagnosticCodes.ContainerFailed));
        target.Connects.ShouldBe(3);
    }

    [Fact]
    public async Task A_bug_is_not_retried_as_a_lost_synclet()
    {
        var synclet = Synclet();
        var target = new FakeTarget(_token, synclet);
        await using var updater = Updater(target);
        await updater.ShipAsync(_project, UpdateRequest.Restart, CancellationToken.None);

        // While reconnecting: said once, not retried.
        target.ConnectFailures.Enqueue(new InvalidOperationException("a bug"));
        target.ChangeReplicas(synclet);
        await Eventually.UntilAsync("the bug to be reported", () => _reporter.Errors.Any(e => e.Text.StartsWith("a bug", StringComparison.Ordinal)), Soon);
        var connects = target.Connects;

        // While updating: it ends the update (and so the session) as what it is.
        target.ConnectFailures.Enqueue(new InvalidOperationException("a bug"));
        await Should.ThrowAsync<InvalidOperationException>(() => updater.ShipAsync(_project, UpdateRequest.Restart, CancellationToken.None));

        target.Connects.ShouldBe(connects + 1);
        _reporter.Errors.ShouldNotContain(e => e.Message == Messages.SyncletLost);
        _reporter.Told(Messages.Reconnecting).ShouldBeFalse();
    }

    [Fact]
    public async Task A_restart_is_asked_of_every_instance()
    {
        var (first, second) = (Synclet("pod-a"), Synclet("pod-b"));
        await using var updater = Updater(new FakeTarget(_token, first, second));
        await updater.ShipAsync(_project, UpdateRequest.Restart, CancellationToken.None);

        await updater.RestartAppAsync(CancellationToken.None);

        await Eventually.UntilAsync("both to get the command", () => first.Commands.Count == 1 && second.Commands.Count == 1, Soon);
        first.Commands.ShouldBe([AppCommand.Restart]);
        await Eventually.UntilAsync("the restarts to be reported", () => _reporter.AppEvents.Count(e => e.Event.Kind == AppEventKind.Started) == 4, Soon);
        _reporter.AppEvents.Where(e => e.Event.Kind == AppEventKind.Started).Select(e => e.Replica).Distinct().ShouldBe(["pod-a", "pod-b"], ignoreOrder: true);
        updater.AppRunning.ShouldBeTrue();
    }

    public async ValueTask DisposeAsync()
    {
        await _session.CancelAsync();
        foreach (var synclet in _synclets)
        {
            await synclet.DisposeAsync();
        }

        _publisher.Dispose();
        _session.Dispose();
        _folder.Dispose();
    }
}
