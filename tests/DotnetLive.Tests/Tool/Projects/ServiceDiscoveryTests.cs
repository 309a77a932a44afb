using DotnetLive.Tool.Projects;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tool.Projects;

/// <summary>The variables .NET's service discovery and Aspire read, for every other web service of the session.</summary>
public sealed class ServiceDiscoveryTests
{
    private static readonly Dictionary<string, IReadOnlyList<Uri>> Peers = new()
    {
        ["api"] = [new Uri("https://localhost:7148/"), new Uri("http://localhost:5267/")],
        ["front"] = [new Uri("http://front:8080")],
        ["jobs"] = [],
    };

    [Fact]
    public void Each_service_gets_the_others_by_scheme_and_index_without_its_own()
    {
        ServiceDiscovery.Variables("front", Peers).ShouldBe(new Dictionary<string, string>
        {
            ["services__api__https__0"] = "https://localhost:7148",
            ["services__api__http__0"] = "http://localhost:5267",
        });
        ServiceDiscovery.Variables("jobs", Peers).ShouldBe(new Dictionary<string, string>
        {
            ["services__api__https__0"] = "https://localhost:7148",
            ["services__api__http__0"] = "http://localhost:5267",
            ["services__front__http__0"] = "http://front:8080",
        });
    }

    [Fact]
    public void Service_names_are_dns_labels()
    {
        SessionService.NameOf("Shop.Api").ShouldBe("shop-api");
        SessionService.NameOf("Api").ShouldBe("api");
        SessionService.NameOf("..").ShouldBe("app");
    }
}
