using DotnetLive.Tool.Projects;
using DotnetLive.Tool.Targets.Docker;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tool.Targets;

/// <summary>The SDK's container properties as the dev image's Dockerfile lines.</summary>
public sealed class ImageRecipeTests
{
    [Fact]
    public void Container_properties_become_quoted_lines_and_a_dollar_is_not_expanded()
    {
        var settings = ContainerSettings.None with
        {
            Environment = [new("GREETING", "say \"hi\" for $5")],
            Labels = [new("org.opencontainers.image.title", "api")],
            WorkingDirectory = "/srv/api",
            Ports = ["8080/tcp", "9090/udp"],
        };

        ImageRecipe.PropertyLines(settings).ShouldBe([
            "ENV GREETING=\"say \\\"hi\\\" for \\$5\"",
            "LABEL \"org.opencontainers.image.title\"=\"api\"",
            "WORKDIR /srv/api",
            "EXPOSE 8080/tcp",
            "EXPOSE 9090/udp",
        ]);
    }
}
