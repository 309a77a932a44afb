using Xunit;

namespace DotnetLive.Tests.Integration;

/// <summary>Integration tests build real projects; on a 2-core machine they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IntegrationCollection
{
    public const string Name = "integration";
}
