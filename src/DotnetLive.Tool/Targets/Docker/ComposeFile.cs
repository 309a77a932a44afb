using System.Globalization;
using System.Text.RegularExpressions;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.UI;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DotnetLive.Tool.Targets.Docker;

/// <summary>
/// The service of a Compose file that is built from the project, read as `docker compose` reads it
/// (the Compose Specification: short and long forms, <c>${VAR}</c> interpolation from the environment
/// and <c>.env</c>, <c>env_file</c>), with no compose CLI. The dev container takes its place.
/// </summary>
internal static partial class ComposeFile
{
    /// <summary>The names `docker compose` looks for, in its order.</summary>
    private static readonly string[] FileNames = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

    /// <summary>
    /// The service built from <paramref name="project"/> (its <c>build</c> context or Dockerfile is the
    /// project's, or its <c>image</c> is the project's <c>ContainerRepository</c>) in the Compose file next
    /// to the project or up to its solution's folder; null when there is none.
    /// </summary>
    public static ComposeService? Find(ProjectModel project)
    {
        foreach (var folder in Folders(project.ProjectDirectory))
        {
            if (FileNames.Select(n => Path.Combine(folder, n)).FirstOrDefault(File.Exists) is { } file
                && Read(file, project) is { } service)
            {
                return service;
            }
        }

        return null;
    }

    /// <summary>The project's folder and those above it, up to the first that holds a solution or a repository (none: the project's only).</summary>
    private static IReadOnlyList<string> Folders(string projectDirectory)
    {
        var folders = new List<string>();
        for (var folder = new DirectoryInfo(projectDirectory); folder is not null; folder = folder.Parent)
        {
            folders.Add(folder.FullName);
            if (folder.EnumerateFiles("*.sln").Any() || folder.EnumerateFiles("*.slnx").Any() || Directory.Exists(Path.Combine(folder.FullName, ".git")))
            {
                return folders;
            }
        }

        return [projectDirectory];
    }

    internal static ComposeService? Read(string file, ProjectModel project)
    {
        var folder = Path.GetDirectoryName(file)!;
        try
        {
            var yaml = new YamlStream();
            using (var reader = new StreamReader(file))
            {
                yaml.Load(reader);
            }

            if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
            {
                throw new LiveException(Messages.ComposeInvalid, file, "it is not a mapping of services");
            }

            var dotEnv = ReadEnvFile(Path.Combine(folder, ".env"), required: false);
            string? Variable(string name) => Environment.GetEnvironmentVariable(name) ?? dotEnv.GetValueOrDefault(name);
            string Text(YamlNode node) => Interpolate(((YamlScalarNode)node).Value ?? "", Variable, file);

            // Compose's order: COMPOSE_PROJECT_NAME (the environment, then .env), the file's name, its folder.
            var projectName = ProjectNameCharacters().Replace(
                (Variable("COMPOSE_PROJECT_NAME") ?? (Child(root, "name") is { } named ? Text(named) : Path.GetFileName(folder))).ToLowerInvariant(), "");
            if (Child(root, "services") is not YamlMappingNode services)
            {
                return null;
            }

            foreach (var (key, node) in services.Children)
            {
                if (node is YamlMappingNode service && IsBuiltFrom(service, project, folder, Text))
                {
                    var name = ((YamlScalarNode)key).Value!;
                    var roots = new List<YamlMappingNode> { root };
                    if (Override(file) is { } overrides && Child(overrides, "services") is YamlMappingNode overridden && Child(overridden, name) is YamlMappingNode)
                    {
                        roots.Add(overrides);
                    }

                    return Service(file, projectName, name, roots, Text, Variable);
                }
            }

            return null;
        }
        catch (Exception e) when (e is YamlException or InvalidCastException or IOException or FormatException)
        {
            throw new LiveException(Messages.ComposeInvalid, file, e.Message);
        }
    }

    /// <summary>The override file `docker compose` merges into <paramref name="file"/> (<c>compose.override.yaml</c> next to <c>compose.yaml</c>, …), if there is one.</summary>
    private static YamlMappingNode? Override(string file)
    {
        var path = Path.Combine(Path.GetDirectoryName(file)!, Path.GetFileNameWithoutExtension(file) + ".override" + Path.GetExtension(file));
        if (!File.Exists(path))
        {
            return null;
        }

        var yaml = new YamlStream();
        using var reader = new StreamReader(path);
        yaml.Load(reader);
        return yaml.Documents.Count > 0 ? yaml.Documents[0].RootNode as YamlMappingNode : null;
    }

    private static bool IsBuiltFrom(YamlMappingNode service, ProjectModel project, string folder, Func<YamlNode, string> text)
    {
        var projectDirectory = Path.TrimEndingDirectorySeparator(project.ProjectDirectory);
        switch (Child(service, "build"))
        {
            case YamlScalarNode shortForm:
                return Path.TrimEndingDirectorySeparator(Path.GetFullPath(text(shortForm), folder)) == projectDirectory;
            case YamlMappingNode build:
                var context = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Child(build, "context") is { } c ? text(c) : ".", folder));
                var dockerfile = Path.GetFullPath(Child(build, "dockerfile") is { } d ? text(d) : "Dockerfile", context);
                return context == projectDirectory || dockerfile == project.ContainerSettings.Dockerfile;
        }

        return Child(service, "image") is { } image && ImageReference.Names(text(image), project.Kubernetes.ImageName);
    }

    /// <summary>The service as the files say it, the override's after the file's: env files first, then environment (later wins); ports, networks and dependencies added up.</summary>
    private static ComposeService Service(string file, string project, string name, IReadOnlyList<YamlMappingNode> roots, Func<YamlNode, string> text, Func<string, string?> variable)
    {
        var folder = Path.GetDirectoryName(file)!;
        var services = roots.Select(r => (YamlMappingNode)Child((YamlMappingNode)Child(r, "services")!, name)!).ToList();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var envFile in services.SelectMany(service => Child(service, "env_file") switch
        {
            YamlScalarNode one => [(one, true)],
            YamlSequenceNode many => many.Children.Select(f => f is YamlMappingNode entry
                ? (Child(entry, "path")!, Child(entry, "required") is not YamlScalarNode { Value: "false" })
                : (f, true)),
            _ => [],
        }))
        {
            foreach (var (key, value) in ReadEnvFile(Path.GetFullPath(text(envFile.Item1), folder), envFile.Item2))
            {
                environment[key] = value;
            }
        }

        foreach (var service in services)
        {
            switch (Child(service, "environment"))
            {
                case YamlMappingNode map:
                    foreach (var (key, value) in map.Children)
                    {
                        var named = ((YamlScalarNode)key).Value!;
                        if (value is YamlScalarNode { Value: not null } scalar && (scalar.Value.Length > 0 || scalar.Style != ScalarStyle.Plain))
                        {
                            environment[named] = text(scalar);
                        }
                        else if (variable(named) is { } inherited)
                        {
                            environment[named] = inherited;
                        }
                    }

                    break;
                case YamlSequenceNode list:
                    foreach (var entry in list.Children.Select(text))
                    {
                        var equals = entry.IndexOf('=', StringComparison.Ordinal);
                        if (equals > 0)
                        {
                            environment[entry[..equals]] = entry[(equals + 1)..];
                        }
                        else if (variable(entry) is { } inherited)
                        {
                            environment[entry] = inherited;
                        }
                    }

                    break;
            }
        }

        var keys = services.SelectMany(service => Child(service, "networks") switch
        {
            YamlSequenceNode list => list.Children.Select(text),
            YamlMappingNode map => map.Children.Keys.Select(text),
            _ => [],
        }).Distinct(StringComparer.Ordinal).ToList();
        var joined = (keys.Count > 0 ? keys : ["default"]).Select(key =>
        {
            // The last file that declares the network says what it is.
            var declared = roots.Select(r => Child(r, "networks") is YamlMappingNode networks ? Child(networks, key) as YamlMappingNode : null).LastOrDefault(n => n is not null);
            var external = declared is not null && Child(declared, "external") switch
            {
                YamlScalarNode flag => flag.Value == "true",
                YamlMappingNode => true,
                _ => false,
            };
            var given = declared is not null && Child(declared, "name") is { } named ? text(named) : null;
            var driver = declared is not null && Child(declared, "driver") is { } d ? text(d) : null;
            var isInternal = declared is not null && Child(declared, "internal") is YamlScalarNode { Value: "true" };
            return new ComposeNetwork(key, given ?? (external ? key : $"{project}_{key}"), external, driver, isInternal);
        }).ToList();

        // The names the service has on a network besides its own (`networks: {front: {aliases: [...]}}`).
        var aliases = keys.ToDictionary(key => key, key => (IReadOnlyList<string>)services
            .Select(service => Child(service, "networks") is YamlMappingNode map && Child(map, key) is YamlMappingNode settings && Child(settings, "aliases") is YamlSequenceNode list ? list.Children.Select(text) : [])
            .SelectMany(a => a).Distinct(StringComparer.Ordinal).ToList());

        var ports = new List<PortMapping>();
        foreach (var port in services.SelectMany(service => (Child(service, "ports") as YamlSequenceNode)?.Children ?? []))
        {
            if (port is YamlMappingNode map)
            {
                if (Number(Child(map, "published") is { } published ? text(published) : null) is { } host && Number(Child(map, "target") is { } target ? text(target) : null) is { } container)
                {
                    ports.Add(new PortMapping(host, container));
                }
            }
            else if (text(port).Split('/')[0].Split(':') is { Length: >= 2 } parts && Number(parts[^2]) is { } host && Number(parts[^1]) is { } container)
            {
                ports.Add(new PortMapping(host, container));
            }
        }

        var dependsOn = services.SelectMany(service => Child(service, "depends_on") switch
        {
            YamlSequenceNode list => list.Children.Select(text),
            YamlMappingNode map => map.Children.Keys.Select(text),
            _ => [],
        }).Distinct(StringComparer.Ordinal).ToList();

        return new ComposeService(file, project, name, joined, environment, ports.Distinct().ToList(), dependsOn, aliases);
    }

    private static int? Number(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535 ? port : null;

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is not YamlScalarNode { Value: null or "" or "~", Style: ScalarStyle.Plain } ? value : null;

    /// <summary>An env file: <c>KEY=VALUE</c> lines, <c>#</c> comments, optional quotes and <c>export</c>.</summary>
    private static Dictionary<string, string> ReadEnvFile(string path, bool required)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return required ? throw new FileNotFoundException($"its env_file {path} does not exist") : values;
        }

        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line[7..].TrimStart();
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith('#') || equals <= 0)
            {
                continue;
            }

            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }

            values[line[..equals].Trim()] = value;
        }

        return values;
    }

    /// <summary>Compose's interpolation: <c>$$</c>, <c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-default}</c>, <c>${VAR-default}</c>, <c>${VAR:+other}</c>, <c>${VAR:?error}</c>.</summary>
    internal static string Interpolate(string value, Func<string, string?> variable, string file) =>
        Reference().Replace(value, match =>
        {
            if (match.Value == "$$")
            {
                return "$";
            }

            var name = match.Groups["braced"].Success ? match.Groups["braced"].Value : match.Groups["plain"].Value;
            var found = variable(name);
            var operation = match.Groups["op"].Value;
            var argument = match.Groups["arg"].Value;
            var unset = operation.StartsWith(':') ? string.IsNullOrEmpty(found) : found is null;
            return operation.TrimStart(':') switch
            {
                "-" => unset ? argument : found!,
                "+" => unset ? "" : argument,
                "?" when unset => throw new FormatException($"the variable {name} is not set: {argument}"),
                _ => found ?? "",
            };
        });

    [GeneratedRegex(@"\$\$|\$\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:?[-+?])(?<arg>[^}]*))?\}|\$(?<plain>[A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    [GeneratedRegex("[^a-z0-9_-]", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectNameCharacters();
}
