using DotnetLive.Testing;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Integration;

/// <summary>
/// A Docker engine reached over TCP, as DOCKER_HOST names a remote one (audit L8): this machine's engine
/// behind a loopback proxy that serves it plainly or with TLS the way `dockerd --tlsverify` does.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class RemoteEngineTests
{
    [Fact]
    public async Task With_DOCKER_TLS_VERIFY_the_engine_is_reached_over_TLS_and_one_whose_certificate_is_not_from_the_CA_is_refused()
    {
        using var certificates = new TempDirectory();
        using var tls = new EngineCertificates(Path.Combine(certificates.Path, "good"));
        await using var proxy = EngineProxy.WithTls(tls);
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        Dictionary<string, string> Engine(string folder) => new()
        {
            ["DOCKER_HOST"] = proxy.Address.ToString(),
            ["DOCKER_TLS_VERIFY"] = "1",
            ["DOCKER_CERT_PATH"] = Path.Combine(certificates.Path, folder),
        };

        // Another CA's files: the engine's certificate is not trusted, and nothing is sent to it.
        using (new EngineCertificates(Path.Combine(certificates.Path, "other")))
        {
            await using var refused = ToolRun.Start(sample.Directory, Engine("other"), "--no-hot-reload", "--target", "docker");
            (await refused.ExitCodeAsync(120)).ShouldBe(3, refused.Transcript);
            refused.Output.Lines.ShouldContain(l => l.Contains("DLIVE3001", StringComparison.Ordinal), refused.Transcript);
            proxy.TlsConnections.ShouldBe(0);
        }

        // No client files at all: said so, with where they were looked for.
        await using (var missing = ToolRun.Start(sample.Directory, Engine("none"), "--no-hot-reload", "--target", "docker"))
        {
            (await missing.ExitCodeAsync(120)).ShouldBe(3, missing.Transcript);
            missing.Output.Lines.ShouldContain(l => l.Contains("DLIVE3012", StringComparison.Ordinal) && l.Contains(Path.Combine(certificates.Path, "none"), StringComparison.Ordinal), missing.Transcript);
        }

        try
        {
            await using (var tool = ToolRun.Start(sample.Directory, Engine("good"), "--no-hot-reload", "--target", "docker"))
            {
                await tool.WaitDeployedAsync();
                (await Http.GetAsync(sample.Url())).ShouldBe("Hello from dotnet-live!");
                proxy.TlsConnections.ShouldBeGreaterThan(0);
                (await tool.StopAsync()).ShouldBe(0, tool.Transcript);
            }
        }
        finally
        {
            await using var down = ToolRun.Start(sample.Directory, Engine("good"), "down");
            (await down.ExitCodeAsync()).ShouldBe(0, down.Transcript);
        }
    }

    [Fact]
    public async Task A_registrys_credentials_are_never_sent_to_an_engine_over_plain_TCP()
    {
        await using var proxy = EngineProxy.Plain();
        await using var cluster = await Testing.FakeKubernetes.FakeCluster.StartAsync();
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        var kubeconfig = cluster.WriteKubeconfig(sample.Root.Path, "dev");
        var docker = sample.Root.Write("docker/config.json", """{ "auths": { "127.0.0.1:5000": { "auth": "ZGV2OnMzY3JldC1wYXNzd29yZA==" } } }""");
        var environment = new Dictionary<string, string>
        {
            ["KUBECONFIG"] = kubeconfig,
            ["DOCKER_HOST"] = proxy.Address.ToString(),
            ["DOCKER_CONFIG"] = Path.GetDirectoryName(docker)!,
        };

        await using var tool = ToolRun.Start(sample.Directory, environment, "--target", "kubernetes", "--property", "LiveRegistry=127.0.0.1:5000");
        (await tool.ExitCodeAsync(180)).ShouldBe(4, tool.Transcript);
        tool.Output.Lines.ShouldContain(l => l.Contains("DLIVE4015", StringComparison.Ordinal) && l.Contains(proxy.Address.ToString(), StringComparison.Ordinal), tool.Transcript);
        proxy.Sent.ShouldNotContain("s3cret-password");
        proxy.Sent.ShouldNotContain("X-Registry-Auth", Case.Insensitive);
        cluster.Applied.Where(a => a.FieldManager == "dotnet-live").ShouldBeEmpty();
    }
}
