using System.Text;
using DotnetLive.Testing;
using DotnetLive.Tool.Targets.Docker;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tool.Targets.Docker;

/// <summary>What `docker login` left in the docker config is what a push through the Engine API sends.</summary>
public sealed class RegistryCredentialsTests
{
    [Fact]
    public void The_login_for_the_registry_host_is_used_and_other_registries_get_none()
    {
        using var dir = new TempDirectory();
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("dev:s3cr:et"));
        var config = dir.Write("config.json", $$"""{ "auths": { "https://registry.example:5443/v1/": { "auth": "{{auth}}" }, "other.example": {} } }""");

        var credentials = RegistryCredentials.For("registry.example:5443/team", config);

        credentials.Username.ShouldBe("dev");
        credentials.Password.ShouldBe("s3cr:et");
        RegistryCredentials.For("other.example", config).Username.ShouldBeNull();
        RegistryCredentials.For("localhost:5000", dir.Combine("missing.json")).Username.ShouldBeNull();
    }
}
