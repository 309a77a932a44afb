using DotnetLive.Protocol.Sessions;
using DotnetLive.Tool.Projects;
using Microsoft.Build.Execution;

namespace DotnetLive.Tool.Build;

/// <summary>
/// Turns evaluated projects into a <see cref="ProjectModel"/>: the files whose edits matter come from
/// MSBuild's items (Compile, Content, EmbeddedResource, copied None, AdditionalFiles) of the project
/// and of every project it references, plus the project files and the imports that are not the SDK's.
/// </summary>
internal static class ProjectModelReader
{
    private static readonly string[] SourceItemTypes = ["Compile", "Content", "EmbeddedResource", "AdditionalFiles", "None"];

    /// <summary>
    /// A component's or a view's own css (<c>MainLayout.razor.css</c>, <c>_Layout.cshtml.css</c>): a None
    /// item the build bundles into the project's <c>{name}.styles.css</c>, a static web asset, so a save
    /// of it is built and shipped like any source.
    /// </summary>
    private static bool IsScopedCss(ProjectInstance instance, string include) =>
        !string.Equals(instance.GetPropertyValue("ScopedCssEnabled"), "false", StringComparison.OrdinalIgnoreCase)
        && (include.EndsWith(".razor.css", StringComparison.OrdinalIgnoreCase) || include.EndsWith(".cshtml.css", StringComparison.OrdinalIgnoreCase));

    public static ProjectModel Read(ProjectInstance project, string projectPath, Func<string, ProjectInstance> evaluateReference)
    {
        var sources = new HashSet<string>(StringComparer.Ordinal);
        var projectFiles = new HashSet<string>(StringComparer.Ordinal);
        var directories = new List<string>();
        var ignored = new List<string>();
        var visited = new HashSet<string>(StringComparer.Ordinal);

        void Visit(ProjectInstance instance, string path)
        {
            if (!visited.Add(path))
            {
                return;
            }

            var directory = Path.GetDirectoryName(path)!;
            directories.Add(directory);
            ignored.Add(FullDirectory(directory, instance.GetPropertyValue("BaseOutputPath"), "bin"));
            ignored.Add(FullDirectory(directory, instance.GetPropertyValue("BaseIntermediateOutputPath"), "obj"));
            projectFiles.Add(path);
            foreach (var import in instance.ImportPaths.Where(i => IsUserImport(instance, i)))
            {
                projectFiles.Add(Path.GetFullPath(import));
            }

            foreach (var itemType in SourceItemTypes)
            {
                foreach (var item in instance.GetItems(itemType))
                {
                    if (itemType == "None" && item.GetMetadataValue("CopyToOutputDirectory") is "" or "Never" && !IsScopedCss(instance, item.EvaluatedInclude))
                    {
                        continue;
                    }

                    sources.Add(Path.GetFullPath(item.EvaluatedInclude, directory));
                }
            }

            foreach (var reference in instance.GetItems("ProjectReference"))
            {
                var referencePath = Path.GetFullPath(reference.EvaluatedInclude, directory);
                if (File.Exists(referencePath))
                {
                    Visit(evaluateReference(referencePath), referencePath);
                }
            }
        }

        Visit(project, projectPath);
        var projectDirectory = Path.GetDirectoryName(projectPath)!;
        var intermediate = FullDirectory(projectDirectory, project.GetPropertyValue("IntermediateOutputPath"), "obj");
        return new ProjectModel(
            projectPath,
            project.GetPropertyValue("TargetFileName"),
            FullDirectory(projectDirectory, project.GetPropertyValue("OutDir"), "bin"),
            Path.Combine(intermediate, "dotnet-live", "manifest.json"),
            Path.Combine(SessionFolder.In(FullDirectory(projectDirectory, project.GetPropertyValue("BaseIntermediateOutputPath"), "obj")), LiveSessionFile.FileName),
            project.GetPropertyValue("LiveTarget"),
            project.GetPropertyValue("LiveBaseImage"),
            project.GetPropertyValue("LivePorts"),
            project.GetPropertyValue("TargetFrameworkVersion"),
            project.GetPropertyValue("UsingMicrosoftNETSdkWeb").Equals("true", StringComparison.OrdinalIgnoreCase),
            sources,
            projectFiles,
            directories.Distinct(StringComparer.Ordinal).ToList(),
            ignored.Distinct(StringComparer.Ordinal).ToList(),
            ReadKubernetes(project, projectDirectory),
            project.GetPropertyValue("LiveBuildIn").Trim(),
            project.GetPropertyValue("LiveSdkImage").Trim(),
            ReadContainer(project, projectDirectory));
    }

    /// <summary>Visual Studio's Dockerfile properties and the SDK's container properties, as `dotnet publish /t:PublishContainer` reads them.</summary>
    private static ContainerSettings ReadContainer(ProjectInstance project, string projectDirectory)
    {
        string Property(string name) => project.GetPropertyValue(name).Trim();
        string FullPath(string path) => Path.GetFullPath(path.Replace('\\', Path.DirectorySeparatorChar), projectDirectory);
        IReadOnlyList<KeyValuePair<string, string>> Items(string name) =>
            project.GetItems(name).Select(i => new KeyValuePair<string, string>(i.EvaluatedInclude, i.GetMetadataValue("Value"))).ToList();

        var dockerfile = Property("DockerfileFile") is { Length: > 0 } file ? FullPath(file) : Path.Combine(projectDirectory, "Dockerfile");
        var stage = Property("ContainerFastModeStage") is { Length: > 0 } fast ? fast : Property("DockerfileFastModeStage");
        return new ContainerSettings(
            File.Exists(dockerfile) ? dockerfile : "",
            stage,
            Property("DockerfileContext") is { Length: > 0 } context ? FullPath(context) : projectDirectory,
            Property("ContainerBaseImage"),
            Property("ContainerFamily"),
            Property("ContainerUser"),
            Property("ContainerWorkingDirectory"),
            Items("ContainerEnvironmentVariable"),
            Items("ContainerLabel"),
            project.GetItems("ContainerPort").Select(p => p.EvaluatedInclude + "/" + (p.GetMetadataValue("Type") is { Length: > 0 } type ? type.ToLowerInvariant() : "tcp")).ToList(),
            Property("LiveDockerNetwork"));
    }

    private static KubernetesSettings ReadKubernetes(ProjectInstance project, string projectDirectory)
    {
        var replicas = project.GetPropertyValue("LiveReplicas");
        var repository = project.GetPropertyValue("ContainerRepository");
        return new KubernetesSettings(
            project.GetPropertyValue("LiveRegistry").Trim().TrimEnd('/'),
            project.GetPropertyValue("LiveManifests").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(m => Path.GetFullPath(m.Replace('\\', Path.DirectorySeparatorChar), projectDirectory)).ToList(),
            project.GetPropertyValue("LiveNamespace").Trim(),
            project.GetPropertyValue("LiveContext").Trim(),
            int.TryParse(replicas, System.Globalization.CultureInfo.InvariantCulture, out var count) && count > 0 ? count : 1,
            repository.Length > 0 ? repository.ToLowerInvariant() : project.GetPropertyValue("AssemblyName").ToLowerInvariant());
    }

    /// <summary>Imports that live with the user's code (Directory.Build.props, …), not in the SDK, the package cache or the tool.</summary>
    private static bool IsUserImport(ProjectInstance instance, string import)
    {
        string[] systemRoots =
        [
            instance.GetPropertyValue("NetCoreRoot"),
            instance.GetPropertyValue("MSBuildExtensionsPath"),
            instance.GetPropertyValue("MSBuildBinPath"),
            instance.GetPropertyValue("NuGetPackageRoot"),
            AppContext.BaseDirectory, // the tool's own targets, injected through CustomAfterMicrosoftCommonTargets
        ];
        var full = Path.GetFullPath(import);
        return !systemRoots.Any(root => root.Length > 0 && full.StartsWith(Path.GetFullPath(root), StringComparison.Ordinal))
            && !full.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
    }

    /// <summary>MSBuild path properties keep Windows separators on Unix (OutDir is <c>bin\Debug/net10.0/</c>); tasks normalize them, so must we.</summary>
    private static string FullDirectory(string projectDirectory, string value, string fallback) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath((value.Length > 0 ? value : fallback).Replace('\\', Path.DirectorySeparatorChar), projectDirectory));
}
