using DotnetLive.Testing;
using DotnetLive.Tool.Projects;
using DotnetLive.Tool.UI;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tool.Projects;

public sealed class LaunchSettingsReaderTests
{
    private const string Settings = """
        {
          // comments are allowed, as in the templates
          "profiles": {
            "IIS Express": { "commandName": "IISExpress" },
            "https": {
              "commandName": "Project",
              "applicationUrl": "https://localhost:7001;http://localhost:5001",
              "environmentVariables": { "ASPNETCORE_ENVIRONMENT": "Development", "FEATURE": "on" }
            },
            "other": { "commandName": "Project", "applicationUrl": "http://localhost:6000" }
          }
        }
        """;

    [Fact]
    public void The_first_project_profile_is_taken_with_its_urls_and_environment()
    {
        using var dir = new TempDirectory();
        dir.Write("Properties/launchSettings.json", Settings);

        var profile = LaunchSettingsReader.Read(dir.Path, null);

        profile.Urls.ShouldBe([new Uri("https://localhost:7001"), new Uri("http://localhost:5001")]);
        profile.Environment["FEATURE"].ShouldBe("on");
    }

    [Fact]
    public void A_named_profile_is_taken_and_a_missing_one_is_an_error()
    {
        using var dir = new TempDirectory();
        dir.Write("Properties/launchSettings.json", Settings);

        LaunchSettingsReader.Read(dir.Path, "other").Urls.ShouldBe([new Uri("http://localhost:6000")]);
        Should.Throw<LiveException>(() => LaunchSettingsReader.Read(dir.Path, "nope")).Message.ShouldStartWith("DLIVE1006");
    }

    [Fact]
    public void No_file_means_no_profile_and_a_broken_file_is_reported()
    {
        using var dir = new TempDirectory();
        LaunchSettingsReader.Read(dir.Path, null).ShouldBe(LaunchProfile.None);

        dir.Write("Properties/launchSettings.json", "{ \"profiles\": ");
        Should.Throw<LiveException>(() => LaunchSettingsReader.Read(dir.Path, null)).Message.ShouldStartWith("DLIVE1005");
    }
}
