namespace DotnetLive.Protocol.Errors;

/// <summary>
/// Every DLIVE code, in one place: the tool's messages (<c>Messages</c>), the synclet's refusals
/// (<see cref="SyncletErrors"/>) and the build tasks' warnings and errors use these. Each code is one
/// kind of failure; a test checks they are unique and that the README's table lists exactly these.
/// </summary>
internal static class DiagnosticCodes
{
    // 1xxx: user input
    public const string NoProject = "DLIVE1001";
    public const string SeveralProjects = "DLIVE1002";
    public const string ProjectNotFound = "DLIVE1003";
    public const string UnknownTarget = "DLIVE1004";
    public const string InvalidProject = "DLIVE1005";
    public const string BadOption = "DLIVE1006";
    public const string NotAnApp = "DLIVE1007";
    public const string PortTaken = "DLIVE1008";
    public const string BuildInClusterTarget = "DLIVE1009";
    public const string NoServices = "DLIVE1010";
    public const string UnknownService = "DLIVE1011";
    public const string ServiceNameTwice = "DLIVE1012";

    // 2xxx: build (21xx: the DotnetLive.Tasks targets, in the build's log)
    public const string NoSdk = "DLIVE2001";
    public const string RestoreFailed = "DLIVE2002";
    public const string BuildFailed = "DLIVE2003";
    public const string NoManifest = "DLIVE2004";
    public const string OutputChanged = "DLIVE2005";
    public const string EngineExited = "DLIVE2006";
    public const string EngineFails = "DLIVE2007";
    public const string WatchLimit = "DLIVE2008";
    public const string ManifestNotWritten = "DLIVE2101";
    public const string NoSdkHost = "DLIVE2103";
    public const string StepHostFailed = "DLIVE2104";
    public const string BuildLockNotTaken = "DLIVE2105";

    // 3xxx: docker
    public const string DockerUnreachable = "DLIVE3001";
    public const string BaseImageMissing = "DLIVE3002";
    public const string ImageBuildFailed = "DLIVE3003";
    public const string ContainerFailed = "DLIVE3004";
    public const string ContainerDied = "DLIVE3005";
    public const string SyncletUnreachable = "DLIVE3006";
    public const string DockerfileUnreadable = "DLIVE3007";
    public const string DockerfileStageMissing = "DLIVE3008";
    public const string ComposeInvalid = "DLIVE3009";
    public const string NetworkMissing = "DLIVE3010";
    public const string ImageInUse = "DLIVE3011";
    public const string DockerTlsFiles = "DLIVE3012";

    // 4xxx: kubernetes
    public const string NoKubeconfig = "DLIVE4001";
    public const string BadKubeconfig = "DLIVE4002";
    public const string ClusterUnreachable = "DLIVE4003";
    public const string ClusterForbidden = "DLIVE4004";
    public const string NoRegistry = "DLIVE4005";
    public const string PushFailed = "DLIVE4006";
    public const string BadManifest = "DLIVE4007";
    public const string NoAppContainer = "DLIVE4008";
    public const string ApplyRejected = "DLIVE4009";
    public const string RolloutTimedOut = "DLIVE4010";
    public const string PodProblem = "DLIVE4011";
    public const string PodSyncletUnreachable = "DLIVE4012";
    public const string NotOurs = "DLIVE4013";
    public const string OtherCluster = "DLIVE4014";
    public const string CredentialsInTheClear = "DLIVE4015";
    public const string OwnerUnreadable = "DLIVE4016";

    // 5xxx: synclet (50xx: its refusals, on the wire; 51xx: the tool's side of it)
    public const string BadToken = "DLIVE5001";
    public const string VersionMismatch = "DLIVE5002";
    public const string Malformed = "DLIVE5003";
    public const string BadPath = "DLIVE5004";
    public const string TooLarge = "DLIVE5005";
    public const string HashMismatch = "DLIVE5006";
    public const string Stale = "DLIVE5007";
    public const string StagingFailed = "DLIVE5008";
    public const string HandshakeTimeout = "DLIVE5009";
    public const string BadLaunch = "DLIVE5010";
    public const string NoAgentPipe = "DLIVE5011";
    public const string SyncletBuildFailed = "DLIVE5012";
    public const string NotBuilding = "DLIVE5013";
    public const string Unproven = "DLIVE5014";
    public const string SyncletInternalError = "DLIVE5015";
    public const string SyncletDidNotStart = "DLIVE5101";
    public const string SyncletLost = "DLIVE5102";
    public const string UpdateRefused = "DLIVE5103";
    public const string ConnectionRefused = "DLIVE5104";
    public const string RelayWithoutSession = "DLIVE5105";
    public const string RelayWithoutAgent = "DLIVE5106";
    public const string FollowFailed = "DLIVE5107";
    public const string UnknownAgent = "DLIVE5108";
    public const string RestartFailed = "DLIVE5109";
    public const string CiAppFailed = "DLIVE5110";
    public const string CiTimedOut = "DLIVE5111";

    // 6xxx: the dashboard (warnings: the session goes on without it)
    public const string DashboardUnavailable = "DLIVE6001";
    public const string DashboardFailed = "DLIVE6002";
}
