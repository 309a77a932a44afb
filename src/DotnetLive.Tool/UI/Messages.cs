using DotnetLive.Protocol.Errors;

namespace DotnetLive.Tool.UI;

/// <summary>Every message the tool shows, in one place.</summary>
internal static class Messages
{
    // 1xxx: user input
    public static readonly MessageDescriptor NoProject = new(DiagnosticCodes.NoProject, "No project or solution file in '{0}'. Run `dotnet live` in a folder with a .csproj (or a .sln or .slnx), or pass --project <path>.", ExitCodes.UserInput);
    public static readonly MessageDescriptor SeveralProjects = new(DiagnosticCodes.SeveralProjects, "'{0}' holds several project or solution files ({1}). Pass the one to run with --project <path>.", ExitCodes.UserInput);
    public static readonly MessageDescriptor ProjectNotFound = new(DiagnosticCodes.ProjectNotFound, "'{0}' does not exist. Pass --project with a project file or a folder that holds one.", ExitCodes.UserInput);
    public static readonly MessageDescriptor UnknownTarget = new(DiagnosticCodes.UnknownTarget, "'{0}' is not a target. Use --target local, docker or kubernetes.", ExitCodes.UserInput);
    public static readonly MessageDescriptor InvalidProject = new(DiagnosticCodes.InvalidProject, "The project could not be read: {0}. Fix the project file; dotnet live picks the fix up when you save.", ExitCodes.UserInput);
    public static readonly MessageDescriptor BadOption = new(DiagnosticCodes.BadOption, "{0} Run `dotnet live --help` for the options.", ExitCodes.UserInput);
    public static readonly MessageDescriptor PortTaken = new(DiagnosticCodes.PortTaken, "Port {0} of {1} is in use by another process. Stop that process, or give the app another applicationUrl in Properties/launchSettings.json (or pick a profile with --launch-profile).", ExitCodes.UserInput);
    public static readonly MessageDescriptor BuildInClusterTarget = new(DiagnosticCodes.BuildInClusterTarget, "Building in the cluster (--build-in cluster) needs a container to build in: use --target docker or kubernetes (the {0} target builds on this machine).", ExitCodes.UserInput);
    public static readonly MessageDescriptor NoServices = new(DiagnosticCodes.NoServices, "{0} has no app project: dotnet live runs Exe projects that are not test projects (and not <LiveService>false</LiveService>). Add one, or pass --project with the project to run.", ExitCodes.UserInput);
    public static readonly MessageDescriptor UnknownService = new(DiagnosticCodes.UnknownService, "--only names {0}, which {1} does not run as a service; its services are: {2}.", ExitCodes.UserInput);
    public static readonly MessageDescriptor ServiceNameTwice = new(DiagnosticCodes.ServiceNameTwice, "Two projects would be the service '{0}': {1} and {2}. Give one of them another <LiveServiceName>.", ExitCodes.UserInput);
    public static readonly MessageDescriptor NotAnApp = new(DiagnosticCodes.NotAnApp, "'{0}' builds a {1}, not an app. Run dotnet live on an Exe project (a web app, a worker or a console app).", ExitCodes.UserInput);

    // 2xxx: build
    public static readonly MessageDescriptor NoSdk = new(DiagnosticCodes.NoSdk, "No .NET SDK was found for '{0}' ({1}). Install the .NET SDK (https://dot.net) or fix global.json, then run `dotnet live` again.", ExitCodes.Build);
    public static readonly MessageDescriptor RestoreFailed = new(DiagnosticCodes.RestoreFailed, "Restore failed; see the errors above. Fix them and save: dotnet live restores again when a project file changes.", ExitCodes.Build);
    public static readonly MessageDescriptor BuildFailed = new(DiagnosticCodes.BuildFailed, "Build failed with {0} error(s); the running app was left as it was. Fix the errors and save.", ExitCodes.Build);
    public static readonly MessageDescriptor NoManifest = new(DiagnosticCodes.NoManifest, "The build left no output manifest at '{0}'. Check that nothing in the project overrides CustomAfterMicrosoftCommonTargets, then save again.", ExitCodes.Build);

    public static readonly MessageDescriptor EngineExited = new(DiagnosticCodes.EngineExited, "dotnet watch, the Hot Reload engine, exited with code {0}; starting it again. Run with --verbose to see its output, or with --no-hot-reload to build and restart without it.", ExitCodes.Build);

    public static readonly MessageDescriptor EngineFails = new(DiagnosticCodes.EngineFails, "dotnet watch, the Hot Reload engine, ended within seconds {0} times in a row (last exit code {1}). Check that `dotnet watch` runs in this project, or run with --no-hot-reload.", ExitCodes.Build);

    public static readonly MessageDescriptor WatchLimit = new(DiagnosticCodes.WatchLimit, "dotnet watch cannot watch the files: this user's limit of inotify instances ({0}) is reached (each dotnet watch takes one per folder, about 50 for a small app; a solution runs one per service). Raise it with `sudo sysctl -w fs.inotify.max_user_instances=1024` (and a file in /etc/sysctl.d to keep it), or run with --no-hot-reload.", ExitCodes.Build);

    public static readonly MessageDescriptor OutputChanged = new(DiagnosticCodes.OutputChanged, "The build output '{0}' changed or vanished after the build; nothing was shipped. Is another build writing to the same folder? Save again to rebuild.", ExitCodes.Build);

    // 3xxx: docker
    public static readonly MessageDescriptor DockerUnreachable = new(DiagnosticCodes.DockerUnreachable, "Cannot reach the Docker engine at {0} ({1}). Start Docker (`sudo systemctl start docker`, or run `dockerd`), or point DOCKER_HOST at a running engine.", ExitCodes.Docker);
    public static readonly MessageDescriptor BaseImageMissing = new(DiagnosticCodes.BaseImageMissing, "The base image '{0}' is not in the Docker engine and could not be pulled ({1}). Run `docker pull {0}`, or set <LiveBaseImage> in the project to an image you have.", ExitCodes.Docker);
    public static readonly MessageDescriptor ImageBuildFailed = new(DiagnosticCodes.ImageBuildFailed, "Building the dev image '{0}' on {1} failed; the build's last lines:{2}\nFix the Dockerfile or the base image (it needs the .NET runtime the app needs) and run `dotnet live` again.", ExitCodes.Docker);
    public static readonly MessageDescriptor ContainerFailed = new(DiagnosticCodes.ContainerFailed, "The container '{0}' could not be started: {1}. Is a host port ({2}) taken? Set others in Properties/launchSettings.json or <LivePorts>, or run `dotnet live down` and try again.", ExitCodes.Docker);
    public static readonly MessageDescriptor ContainerDied = new(DiagnosticCodes.ContainerDied, "The container '{0}' exited with code {1}; dotnet live recreates it and resyncs. Its last log lines:{2}", ExitCodes.Docker);
    public static readonly MessageDescriptor SyncletUnreachable = new(DiagnosticCodes.SyncletUnreachable, "The synclet in container '{0}' did not answer within {1} s. Its log:{2}", ExitCodes.Docker);
    public static readonly MessageDescriptor DockerfileUnreadable = new(DiagnosticCodes.DockerfileUnreadable, "The Dockerfile {0} cannot be used: {1}.", ExitCodes.Docker);
    public static readonly MessageDescriptor DockerfileStageMissing = new(DiagnosticCodes.DockerfileStageMissing, "The Dockerfile {0} has no stage '{1}' to run the app on. Name the stage that has the runtime `FROM … AS {1}` (Visual Studio's Dockerfiles call it base), or set <ContainerFastModeStage> to its name.", ExitCodes.Docker);
    public static readonly MessageDescriptor ComposeInvalid = new(DiagnosticCodes.ComposeInvalid, "The Compose file {0} cannot be read: {1}. Fix it (`docker compose -f {0} config` shows the problem too), or move it away to run without it.", ExitCodes.Docker);
    public static readonly MessageDescriptor NetworkMissing = new(DiagnosticCodes.NetworkMissing, "The Docker network '{0}' does not exist. Create it with `docker network create {0}`, or give --network (or <LiveDockerNetwork>) one that `docker network ls` lists.", ExitCodes.Docker);
    public static readonly MessageDescriptor ImageInUse = new(DiagnosticCodes.ImageInUse, "The dev image {0} could not be removed: an image or container that is not dotnet live's is made from it. Remove that one (`docker ps -a --filter ancestor={0}`, `docker images --filter since={0}`), then run `dotnet live down` again.", ExitCodes.Docker);

    // 4xxx: kubernetes
    public static readonly MessageDescriptor NoKubeconfig = new(DiagnosticCodes.NoKubeconfig, "No kubeconfig at {0}. Point KUBECONFIG at your cluster's config (kind: `kind export kubeconfig`, k3d: `k3d kubeconfig merge --kubeconfig-switch-context`), or use --target local or docker.", ExitCodes.Kubernetes);
    public static readonly MessageDescriptor BadKubeconfig = new(DiagnosticCodes.BadKubeconfig, "The kubeconfig {0} cannot be used: {1} Fix it, or pick a context with --context (`kubectl config get-contexts` lists them).", ExitCodes.Kubernetes);
    public static readonly MessageDescriptor ClusterUnreachable = new(DiagnosticCodes.ClusterUnreachable, "Cannot reach the Kubernetes API server {0} of context '{1}' ({2}). Is the cluster running? `kubectl cluster-info --context {1}` tells.", ExitCodes.Kubernetes);
    public static readonly MessageDescriptor ClusterForbidden = new(DiagnosticCodes.ClusterForbidden, "The Kubernetes API server refused to let {0} {1} in namespace '{2}' (HTTP {3}: {4}). dotnet live needs to apply Deployments, Services, ConfigMaps and Secrets, list and watch pods, read their logs and port-forward to them there (the namespace's `edit` role); use another --namespace or --context, or ask for that role.", ExitCodes.Kubernetes);
    public static readonly MessageDescriptor NoRegistry = new(DiagnosticCodes.NoRegistry, "The kubernetes target needs a registry the cluster pulls from: set <LiveRegistry> in the project, or pass --property LiveRegistry=localhost:5000 (kind and k3d's local registry).", ExitCodes.Kubernetes);
    public static readonly MessageDescriptor DockerTlsFiles = new(DiagnosticCodes.DockerTlsFiles, "DOCKER_TLS_VERIFY is set, but the engine's TLS files could not be read from {0} ({1}). Put ca.pem, cert.pem and key.pem there (as `docker context` or `docker-machine env` would), point DOCKER_CERT_PATH at them, or unset DOCKER_TLS_VERIFY for a local engine.", ExitCodes.Docker);
    public static readonly MessageDescriptor CredentialsInTheClear = new(DiagnosticCodes.CredentialsInTheClear, "Not pushing to {0}: its credentials would go to the Docker engine at {1} over plain TCP, readable by anyone on the way. Use TLS (DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH, as the docker CLI does), an engine on this machine's socket, or an SSH tunnel to it.", ExitCodes.Kubernetes);
    public static readonly MessageDescriptor OwnerUnreadable = new(DiagnosticCodes.OwnerUnreadable, "Cannot read ReplicaSet {0} in namespace '{1}' (forbidden): dotnet live takes a pod as the session's only through its ReplicaSet to the Deployment it applied, so no pod is used until it can. Ask for `get` on `replicasets` (group apps) in that namespace.", ExitCodes.Kubernetes);
    public static readonly MessageDescriptor PushFailed = new(DiagnosticCodes.PushFailed, "Pushing the dev image {0} failed: {1}. Is the registry running, and reachable from the Docker engine? Registries on localhost need no setting; a registry that asks for credentials needs them in ~/.docker/config.json (`docker login`; credential helpers are not used yet), and a plain-HTTP one must be in the engine's insecure-registries.", ExitCodes.Kubernetes);
    public static readonly MessageDescriptor BadManifest = new(DiagnosticCodes.BadManifest, "'{0}' (in <LiveManifests>) cannot be used: {1}", ExitCodes.Kubernetes);
    public static readonly MessageDescriptor NoAppContainer = new(DiagnosticCodes.NoAppContainer, "No container in the Deployments of <LiveManifests> runs the project's image '{0}'. Set the app container's image to '{0}' (any registry and tag): that is the container dotnet live takes over.", ExitCodes.Kubernetes);
    public static readonly MessageDescriptor ApplyRejected = new(DiagnosticCodes.ApplyRejected, "The Kubernetes API server rejected {0}: {1}. Fix it in <LiveManifests> (or the LiveXxx properties), then run dotnet live again.", ExitCodes.Kubernetes);
    public static readonly MessageDescriptor RolloutTimedOut = new(DiagnosticCodes.RolloutTimedOut, "No pod of deployment {0} became ready within {1} s{2}. `kubectl describe pods -l {3}` shows more.", ExitCodes.Kubernetes);
    public static readonly MessageDescriptor PodProblem = new(DiagnosticCodes.PodProblem, "pod {0}: {1}", ExitCodes.Kubernetes);
    public static readonly MessageDescriptor NotOurs = new(DiagnosticCodes.NotOurs, "{0} already exists in namespace '{1}' (context {2}) and was not made by dotnet live: it has no label app.kubernetes.io/managed-by=dotnet-live. dotnet live neither takes over nor later deletes what is not its own, so nothing was applied. Use another --namespace; or, if it is yours to replace, `kubectl delete {3} -n {1}`; or, to hand it to dotnet live on purpose (it will be changed, and deleted by `dotnet live down`), `kubectl label {3} -n {1} app.kubernetes.io/managed-by=dotnet-live`.", ExitCodes.Kubernetes);
    public static readonly MessageDescriptor OtherCluster = new(DiagnosticCodes.OtherCluster, "The context '{0}' now points at the API server {1}, not at {2}, where dotnet live applied {3}: nothing was deleted. Point the context back at that cluster (or pass the kubeconfig that does, in KUBECONFIG) and run `dotnet live down` again.", ExitCodes.Kubernetes);
    public static readonly MessageDescriptor PodSyncletUnreachable = new(DiagnosticCodes.PodSyncletUnreachable, "The synclet in pod {0} did not answer through port-forward within {1} s ({2}). Its log:{3}", ExitCodes.Kubernetes);

    // 5xxx: synclet
    public static readonly MessageDescriptor SyncletDidNotStart = new(DiagnosticCodes.SyncletDidNotStart, "The synclet did not start: {0}. Run with --verbose for its output.", ExitCodes.Synclet);
    public static readonly MessageDescriptor SyncletLost = new(DiagnosticCodes.SyncletLost, "Lost the connection to the synclet ({0}); dotnet live reconnects, restarting the synclet if it is gone, and resyncs.", ExitCodes.Synclet);
    public static readonly MessageDescriptor UpdateRefused = new(DiagnosticCodes.UpdateRefused, "The synclet refused the update: {0}", ExitCodes.Synclet);
    public static readonly MessageDescriptor RelayWithoutSession = new(DiagnosticCodes.RelayWithoutSession, "No running `dotnet live` session was found at '{0}'. The relay is started by `dotnet live` through `dotnet watch`; run `dotnet live` instead.", ExitCodes.Synclet);
    public static readonly MessageDescriptor UnknownAgent = new(DiagnosticCodes.UnknownAgent, "the SDK's Hot Reload agent was not found or not recognised among the startup hooks '{0}': this SDK's agent protocol is not one dotnet-live knows. Run `dotnet live --no-hot-reload`, or an SDK 10 `dotnet`.", ExitCodes.Synclet);
    public static readonly MessageDescriptor RelayWithoutAgent = new(DiagnosticCodes.RelayWithoutAgent, "'{0}' does not name the Hot Reload agent's pipe ({1}). The relay is started by `dotnet live` through `dotnet watch`; run `dotnet live` instead.", ExitCodes.Synclet);
    public static readonly MessageDescriptor RestartFailed = new(DiagnosticCodes.RestartFailed, "The app could not be restarted on the tool's path after a rude edit ({0}); dotnet watch rebuilds and restarts it instead.", ExitCodes.Synclet);
    public static readonly MessageDescriptor CiAppFailed = new(DiagnosticCodes.CiAppFailed, "The app did not come up: {0}. Fix it and run `dotnet live ci` again (without ci, `dotnet live` keeps watching and restarts it on the next save).", ExitCodes.Synclet);
    public static readonly MessageDescriptor CiTimedOut = new(DiagnosticCodes.CiTimedOut, "The app was not up within {0} s (last seen: {1}). Raise --timeout if it needs longer, or run `dotnet live` to watch it start.", ExitCodes.Synclet);
    public static readonly MessageDescriptor CiUp = new(null, "ci: the app is up ({0})");
    public static readonly MessageDescriptor HotReloadGivenUp = new(null, "{0} goes on without Hot Reload: each edit is built and the app restarted.");
    public static readonly MessageDescriptor ServiceFailed = new(null, "{0} failed unexpectedly: {1}", ExitCodes.Unexpected);
    public static readonly MessageDescriptor CiServiceFailed = new(null, "ci: {0} did not come up");
    public static readonly MessageDescriptor FollowFailed = new(DiagnosticCodes.FollowFailed, "The files could not follow the hot-reloaded code ({0}); the app keeps running it, and the next pause in your edits tries again.", ExitCodes.Synclet);
    public static readonly MessageDescriptor ConnectionRefused = new(DiagnosticCodes.ConnectionRefused, "The synclet refused the connection: {0}", ExitCodes.Synclet);

    // 6xxx: dashboard
    public static readonly MessageDescriptor DashboardUnavailable = new(DiagnosticCodes.DashboardUnavailable, "The Aspire dashboard ({0} {1}) could not be obtained through NuGet: {2} The session goes on without it; run once where the package's feed is reachable, or pass --no-dashboard.");
    public static readonly MessageDescriptor DashboardFailed = new(DiagnosticCodes.DashboardFailed, "The Aspire dashboard did not start: {0}. The session goes on without it; --no-dashboard turns it off.");

    // Information
    public static readonly MessageDescriptor DashboardAt = new(null, "dashboard: {0}");
    public static readonly MessageDescriptor Starting = new(null, "dotnet live: {0} → {1} target");
    public static readonly MessageDescriptor Building = new(null, "building {0}…");
    public static readonly MessageDescriptor Deployed = new(null, "app running ({0} files, {1} bytes shipped in {2} ms); watching for changes. Ctrl+C stops.");
    public static readonly MessageDescriptor ServingAt = new(null, "app serving at {0}");
    public static readonly MessageDescriptor Updated = new(null, "updated: {0} file(s), {1} bytes shipped · build {2} ms · sync {3} ms · restart {4} ms · edit→serving {5} ms");
    public static readonly MessageDescriptor RestartedFor = new(null, "restarted: {0} · {1} file(s), {2} bytes shipped · build {3} ms · sync {4} ms · restart {5} ms · edit→serving {6} ms");
    public static readonly MessageDescriptor UpdatedInPlace = new(null, "updated in place: {0} file(s), {1} bytes shipped · build {2} ms · sync {3} ms · no restart: the app reads them live · edit→serving {4} ms");
    public static readonly MessageDescriptor NoBinaryChangeInCluster = new(null, "the build next to the app produced no binary change (build {0} ms); the app keeps running");
    public static readonly MessageDescriptor NoBinaryChange = new(null, "build produced no binary change (build {0} ms); nothing shipped");
    public static readonly MessageDescriptor AppCrashed = new(null, "app crashed (exit code {0}): {1}: {2}; the next update restarts it");
    public static readonly MessageDescriptor AppExited = new(null, "app exited with code {0}{1}; the next update restarts it");
    public static readonly MessageDescriptor Stopping = new(null, "stopping…");
    public static readonly MessageDescriptor Restoring = new(null, "project files changed; restoring…");
    public static readonly MessageDescriptor WaitingForBuild = new(null, "waiting for another build of this project to finish (dotnet watch's, or a LiveDeploy build: an IDE's or `dotnet build`)…");
    public static readonly MessageDescriptor BuildLockTimedOut = new(null, "another build of this project was still running after {0} s; building anyway");
    public static readonly MessageDescriptor BuildLockUnavailable = new(null, "could not take the build lock '{0}' ({1}); building without it");
    public static readonly MessageDescriptor Restarted = new(null, "synclet restarted; resyncing");
    public static readonly MessageDescriptor Resynced = new(null, "resynced: {0} file(s), {1} bytes sent again");
    public static readonly MessageDescriptor Reconnecting = new(null, "the connection to the synclet was lost; reconnecting in {0} ms (attempt {1})");
    public static readonly MessageDescriptor Reconnected = new(null, "reconnected to the synclet; {0} file(s), {1} bytes resynced");
    public static readonly MessageDescriptor ImageBuilt = new(null, "dev image {0} built from {1} in {2} ms");
    public static readonly MessageDescriptor ContainerStarted = new(null, "container {0} ({1}) started");
    public static readonly MessageDescriptor ContainerOutdated = new(null, "container {0} was made from another configuration (base image or Dockerfile, ports, environment, networks or dotnet-live version); making it again");
    public static readonly MessageDescriptor ContainerReused = new(null, "container {0} ({1}) is running; resyncing it");
    public static readonly MessageDescriptor DockerfileNoBaseStage = new(null, "{0} has no '{1}' stage to run the app on: the dev image is made on {2}, as without a Dockerfile (set <ContainerFastModeStage> to use one of its stages)");
    public static readonly MessageDescriptor ComposeService = new(null, "compose: the container takes the place of service '{0}' of {1} (networks {2})");
    public static readonly MessageDescriptor ComposeDependenciesDown = new(null, "compose: service(s) {0} that '{1}' depends on are not running; start them with `{2}`");
    public static readonly MessageDescriptor ComposeServiceStopped = new(null, "compose: stopped the service's own container {0}, which the dev container replaces; `docker compose up -d {1}` brings it back after `dotnet live down`");
    public static readonly MessageDescriptor HotReloadOn = new(null, "Hot Reload is on: dotnet watch builds {0} and applies edits to the running app in place; an edit it cannot apply restarts the app. --no-hot-reload turns it off.");
    public static readonly MessageDescriptor HotReloadOff = new(null, "Hot Reload needs the Debug configuration; with {0}, every edit rebuilds and restarts the app");
    public static readonly MessageDescriptor HotReloadNotOnKubernetes = new(null, "Hot Reload is not used with the kubernetes target (it joins one engine to one app process, and pods are several and come and go): every edit is built and shipped to every pod, which restarts the app in place");
    public static readonly MessageDescriptor HotReloadNotInCluster = new(null, "Hot Reload is not used when building in the cluster: every edit's sources are built next to the app, which restarts with the new build");
    public static readonly MessageDescriptor HotReloaded = new(null, "hot reload: {0}");
    public static readonly MessageDescriptor RudeEditRestart = new(null, "rude edit, {0}");
    public static readonly MessageDescriptor SavedWhileStartingRestart = new(null, "code saved while Hot Reload started again");
    public static readonly MessageDescriptor CrashedRestart = new(null, "the app was not running");
    public static readonly MessageDescriptor EditCrashRestart = new(null, "the app crashed as an edit was applied to it");
    public static readonly MessageDescriptor RestartAsked = new(null, "{0} asked");
    public static readonly MessageDescriptor RelaySays = new(null, "{0}");
    public static readonly MessageDescriptor FilesFollowed = new(null, "files moved under the running app: {0} file(s), {1} bytes shipped, no restart ({2} ms); a restart or a new replica runs the edited code");
    public static readonly MessageDescriptor EngineRestarting = new(null, "starting dotnet watch again: the app is rebuilt and restarted from the current code");
    public static readonly MessageDescriptor ImagePushed = new(null, "dev image pushed as {0} in {1} ms");
    public static readonly MessageDescriptor Applied = new(null, "applied {0} in namespace {1} (context {2}, field manager dotnet-live)");
    public static readonly MessageDescriptor PodsReady = new(null, "{0} pod(s) ready: {1}");
    public static readonly MessageDescriptor ReplicaUpdated = new(null, "  pod {0}: {1} file(s), {2} bytes, applied in {3} ms");
    public static readonly MessageDescriptor ReplicasSynced = new(null, "pods changed; the new ones synced: {0} file(s), {1} bytes");
    public static readonly MessageDescriptor KubeRemoved = new(null, "deleted {0} from namespace {1} (context {2})");
    public static readonly MessageDescriptor KubeLeft = new(null, "left {0} in namespace {1}: it is no longer the object dotnet live applied ({2})");
    public static readonly MessageDescriptor KubeNothingApplied = new(null, "no Kubernetes objects of {0} to delete (no session applied any from this folder)");
    public static readonly MessageDescriptor Removed = new(null, "removed {0} container(s) and {1} image(s) of {2}");
}
