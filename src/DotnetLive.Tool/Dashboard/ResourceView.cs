using System.Collections.Immutable;

namespace DotnetLive.Tool.Dashboard;

/// <summary>
/// One resource of the dashboard as the session sees it: a service (type <see cref="ServiceType"/>)
/// or one pod of it (<see cref="PodType"/>, with its service as <see cref="Parent"/>).
/// </summary>
/// <param name="StateStyle">The state's icon: "success", "info", "warning" or "error".</param>
/// <param name="Properties">Shown in the resource's details, by property name ("project.path", "executable.pid", …).</param>
internal sealed record ResourceView(
    string Name,
    string Type,
    string? Parent,
    string State,
    string StateStyle,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? StoppedAt,
    IReadOnlyList<Uri> Urls,
    ImmutableSortedDictionary<string, string> Properties)
{
    public const string ServiceType = "Project";
    public const string PodType = "Pod";

    public static ResourceView Service(string name, string projectPath, string target, DateTimeOffset at) =>
        new(name, ServiceType, null, "Starting", "info", at, null, null, [], ImmutableSortedDictionary<string, string>.Empty
            .Add("project.path", projectPath)
            .Add(Property.Target, target));

    public static ResourceView Pod(string name, string service, DateTimeOffset at) =>
        new(name, PodType, service, "Starting", "info", at, null, null, [], ImmutableSortedDictionary<string, string>.Empty
            .Add("resource.parentName", service));

    public ResourceView With(string property, string? value) =>
        this with { Properties = value is null ? Properties.Remove(property) : Properties.SetItem(property, value) };

    /// <summary>The names of the properties dotnet live adds (the others are the dashboard's own).</summary>
    public static class Property
    {
        public const string Target = "dotnetlive.target";
        public const string LastUpdate = "dotnetlive.lastUpdate";
        public const string Build = "dotnetlive.build";
        public const string Restarts = "dotnetlive.restarts";
        public const string Pid = "executable.pid";
        public const string ExitCode = "resource.exitCode";
    }
}
