using DotnetLive.Tool.Targets.Docker;
using DotnetLive.Tool.UI;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tool.Targets.Docker;

public sealed class PortMappingTests
{
    [Fact]
    public void LivePorts_lists_ports_and_host_to_container_pairs()
    {
        PortMapping.Parse("8080; 5001:5000;").ShouldBe([new PortMapping(8080, 8080), new PortMapping(5001, 5000)]);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("0")]
    [InlineData("70000")]
    [InlineData("1:2:3")]
    [InlineData("-5")]
    public void A_bad_entry_is_named(string entry)
    {
        Should.Throw<LiveException>(() => PortMapping.Parse(entry)).Message.ShouldContain($"'{entry}'");
    }

    [Theory]
    [InlineData(new[] { "ASPNETCORE_HTTP_PORTS=8080" }, 8080)]
    [InlineData(new[] { "ASPNETCORE_HTTP_PORTS=8080", "ASPNETCORE_HTTP_PORTS=5000;5001" }, 5000)]
    [InlineData(new[] { "ASPNETCORE_HTTP_PORTS=8080", "ASPNETCORE_URLS=https://+:5001;http://+:5000" }, 5000)]
    [InlineData(new[] { "PATH=/usr/bin" }, 8080)]
    public void The_app_port_is_what_its_environment_says(string[] environment, int port)
    {
        PortMapping.AppPort(environment).ShouldBe(port);
    }
}
