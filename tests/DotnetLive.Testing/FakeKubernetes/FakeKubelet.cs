using System.Globalization;
using System.Net.Http.Headers;
using Docker.DotNet;
using Docker.DotNet.Models;
using k8s.Models;

namespace DotnetLive.Testing.FakeKubernetes;

/// <summary>
/// Runs the fake cluster's pods as a kubelet does, on the real Docker engine: a sandbox container holds
/// the pod's network namespace, and each container of the spec runs in it with the spec's image,
/// command, args, environment (Secret references resolved) and user. Images are pulled from their
/// registry, so one that is not there ends in ErrImagePull / ImagePullBackOff; a container that exits
/// is started again as a new container after a back-off (CrashLoopBackOff), keeping the previous one
/// for its logs. Back-offs are seconds, not the kubelet's minutes.
/// </summary>
internal sealed class FakeKubelet(DockerClient docker, FakeCluster cluster)
{
    public const string Label = "dev.dotnet-live.fake-kubernetes";

    /// <summary>What a pod sandbox runs: any image with `sleep` (the locally made runtime image has coreutils).</summary>
    public const string SandboxImage = "mcr.microsoft.com/dotnet/runtime:10.0";

    private static readonly HttpClient Registry = new() { Timeout = TimeSpan.FromSeconds(5) };

    public async Task RunPodAsync(FakePod pod, CancellationToken stop)
    {
        try
        {
            var sandbox = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Image = SandboxImage,
                Entrypoint = ["sleep", "infinity"],

                // As a kubelet names it: the pod's containers share its network, and its name is their host name.
                Hostname = pod.Name,
                Labels = new Dictionary<string, string> { [Label] = pod.Name },
            }, CancellationToken.None);
            pod.Track(sandbox.ID);
            await docker.Containers.StartContainerAsync(sandbox.ID, new ContainerStartParameters(), CancellationToken.None);
            pod.SandboxPid = (int)(await docker.Containers.InspectContainerAsync(sandbox.ID, CancellationToken.None)).State.Pid;
            cluster.UpdatePod(pod, p => p.Status.PodIP = "10.244.0." + (pod.Ordinal % 250 + 2).ToString(CultureInfo.InvariantCulture));
            await Task.WhenAll(pod.Spec.Containers.Select(c => RunContainerAsync(pod, c, sandbox.ID, stop)));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Deleted.
        }
        catch (DockerApiException e)
        {
            // The engine refused (a bad spec): the pod shows it, as a kubelet's does, and the test sees the reason.
            foreach (var container in pod.Spec.Containers)
            {
                SetWaiting(pod, container, "RunContainerError", e.ResponseBody.Trim());
            }
        }
        finally
        {
            foreach (var id in pod.DockerContainers)
            {
                await RemoveQuietlyAsync(id);
            }
        }
    }

    private async Task RunContainerAsync(FakePod pod, V1Container spec, string sandbox, CancellationToken stop)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stop.IsCancellationRequested)
        {
            if (await PullProblemAsync(spec.Image) is { } pullError)
            {
                SetWaiting(pod, spec, "ErrImagePull", pullError);
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
                SetWaiting(pod, spec, "ImagePullBackOff", $"Back-off pulling image \"{spec.Image}\"");
                await Task.Delay(TimeSpan.FromSeconds(2), stop);
                continue;
            }

            var env = new List<string>();
            string? configError = null;
            foreach (var variable in spec.Env ?? [])
            {
                if (variable.ValueFrom?.SecretKeyRef is { } reference)
                {
                    var value = cluster.SecretValue(pod.Namespace, reference.Name, reference.Key);
                    if (value is null)
                    {
                        configError = $"secret \"{reference.Name}\" not found";
                        break;
                    }

                    env.Add($"{variable.Name}={value}");
                }
                else
                {
                    env.Add($"{variable.Name}={variable.Value}");
                }
            }

            if (configError is not null)
            {
                SetWaiting(pod, spec, "CreateContainerConfigError", configError);
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
                continue;
            }

            if (SecretVolumes(pod, spec) is not { } volumes)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
                continue;
            }

            var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Image = spec.Image,
                Entrypoint = spec.Command,
                Cmd = spec.Args,
                Env = env,
                User = spec.SecurityContext?.RunAsUser?.ToString(CultureInfo.InvariantCulture) ?? pod.Spec.SecurityContext?.RunAsUser?.ToString(CultureInfo.InvariantCulture),
                Labels = new Dictionary<string, string> { [Label] = pod.Name },
                HostConfig = new HostConfig
                {
                    NetworkMode = "container:" + sandbox,
                    ReadonlyRootfs = spec.SecurityContext?.ReadOnlyRootFilesystem == true,
                    // A memory limit is the container's cgroup limit, as the kubelet sets it: going over it is an OOM kill.
                    Memory = spec.Resources?.Limits?.TryGetValue("memory", out var limit) == true ? limit.ToInt64() : 0,
                },
            }, CancellationToken.None);
            pod.Track(created.ID);
            foreach (var volume in volumes)
            {
                using (volume)
                {
                    await docker.Containers.ExtractArchiveToContainerAsync(created.ID, new ContainerPathStatParameters { Path = "/" }, volume, CancellationToken.None);
                }
            }

            var started = DateTime.UtcNow;
            await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), CancellationToken.None);
            pod.CurrentContainers[spec.Name] = created.ID;
            cluster.UpdatePod(pod, p =>
            {
                var status = Status(p, spec);
                status.ContainerID = "docker://" + created.ID;
                status.State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = started } };
                status.Ready = true;
                status.Started = true;
            });

            var exit = await docker.Containers.WaitContainerAsync(created.ID, stop);
            var inspected = await docker.Containers.InspectContainerAsync(created.ID, CancellationToken.None);
            var reason = inspected.State.OOMKilled ? "OOMKilled" : exit.StatusCode == 0 ? "Completed" : "Error";
            pod.PreviousContainers[spec.Name] = created.ID;
            cluster.UpdatePod(pod, p =>
            {
                var status = Status(p, spec);
                status.LastState = new V1ContainerState
                {
                    Terminated = new V1ContainerStateTerminated
                    {
                        ExitCode = (int)exit.StatusCode,
                        Reason = reason,
                        StartedAt = started,
                        FinishedAt = DateTime.UtcNow,
                        ContainerID = "docker://" + created.ID,
                    },
                };
                status.RestartCount++;
                status.Ready = false;
                status.Started = false;
                status.State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff", Message = $"back-off {backoff.TotalSeconds} s restarting failed container={spec.Name} pod={pod.Name}" } };
            });
            await Task.Delay(backoff, stop);
            backoff = TimeSpan.FromSeconds(Math.Min(backoff.TotalSeconds * 2, 8));
        }
    }

    /// <summary>Null when the image can be had: from its registry (asked over HTTP, as a node would), else already in the engine.</summary>
    private async Task<string?> PullProblemAsync(string image)
    {
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        var host = slash > 0 ? image[..slash] : "";
        var fromRegistry = host.Contains(':', StringComparison.Ordinal) || host.Contains('.', StringComparison.Ordinal) || host == "localhost";
        var name = fromRegistry ? image[(slash + 1)..] : image;
        var colon = name.LastIndexOf(':');
        var (repository, tag) = colon > 0 ? (name[..colon], name[(colon + 1)..]) : (name, "latest");
        if (fromRegistry && (host.StartsWith("127.0.0.1:", StringComparison.Ordinal) || host.StartsWith("localhost:", StringComparison.Ordinal)))
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, $"http://{host}/v2/{repository}/manifests/{tag}");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.docker.distribution.manifest.v2+json"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.manifest.v1+json"));
            try
            {
                using var response = await Registry.SendAsync(request);
                if (!response.IsSuccessStatusCode)
                {
                    return $"failed to pull image \"{image}\": {host}/{repository}:{tag}: manifest unknown ({(int)response.StatusCode})";
                }
            }
            catch (HttpRequestException e)
            {
                return $"failed to pull image \"{image}\": {e.Message}";
            }

            await docker.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = $"{host}/{repository}", Tag = tag }, new AuthConfig(), new Progress<JSONMessage>());
            return null;
        }

        try
        {
            await docker.Images.InspectImageAsync(image);
            return null;
        }
        catch (DockerImageNotFoundException)
        {
            return $"failed to pull image \"{image}\": pull access denied, repository does not exist or may require authorization";
        }
    }

    /// <summary>
    /// The Secret volumes the container mounts, as archives to put in it before it starts: the keys its
    /// <c>items</c> name, as files (their mode, else <c>defaultMode</c>), in a folder only root may change,
    /// as a read-only mount is. Null (the container stays ContainerCreating) when a Secret is missing.
    /// </summary>
    private List<MemoryStream>? SecretVolumes(FakePod pod, V1Container spec)
    {
        var archives = new List<MemoryStream>();
        foreach (var mount in spec.VolumeMounts ?? [])
        {
            if ((pod.Spec.Volumes ?? []).FirstOrDefault(v => v.Name == mount.Name)?.Secret is not { } secret)
            {
                continue;
            }

            var archive = new MemoryStream();
            using (var tar = new System.Formats.Tar.TarWriter(archive, System.Formats.Tar.TarEntryFormat.Pax, leaveOpen: true))
            {
                var folder = mount.MountPath.Trim('/') + "/";
                tar.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.Directory, folder) { Mode = (UnixFileMode)Convert.ToInt32("555", 8) });
                foreach (var (key, path, mode) in (secret.Items ?? []).Select(i => (i.Key, i.Path, i.Mode ?? secret.DefaultMode ?? Convert.ToInt32("644", 8))))
                {
                    if (cluster.SecretValue(pod.Namespace, secret.SecretName, key) is not { } value)
                    {
                        SetWaiting(pod, spec, "ContainerCreating", $"MountVolume.SetUp failed for volume \"{mount.Name}\" : secret \"{secret.SecretName}\" not found");
                        return null;
                    }

                    tar.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, folder + path)
                    {
                        Mode = (UnixFileMode)mode,
                        DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(value)),
                    });
                }
            }

            archive.Position = 0;
            archives.Add(archive);
        }

        return archives;
    }

    private void SetWaiting(FakePod pod, V1Container spec, string reason, string message) =>
        cluster.UpdatePod(pod, p =>
        {
            var status = Status(p, spec);
            status.State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = message } };
            status.Ready = false;
        });

    private static V1ContainerStatus Status(V1Pod pod, V1Container spec) =>
        pod.Status.ContainerStatuses.First(s => s.Name == spec.Name);

    private async Task RemoveQuietlyAsync(string id)
    {
        try
        {
            await docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true });
        }
        catch (DockerContainerNotFoundException)
        {
            // Gone already.
        }
    }
}
