using System.Globalization;

namespace DotnetLive.Tool.Projects;

/// <summary>
/// How the services of a session find each other: the configuration keys .NET's service discovery
/// (<c>Microsoft.Extensions.ServiceDiscovery</c>) and Aspire read, <c>services:&lt;name&gt;:&lt;scheme&gt;:&lt;n&gt;</c>,
/// set as environment variables (<c>services__api__http__0</c>) for every other web service, with the
/// address it is reached at from where the service runs.
/// </summary>
internal static class ServiceDiscovery
{
    /// <param name="service">The service the variables are for (its own address is not among them).</param>
    /// <param name="peers">Every service of the session and where the others reach it (none for a worker).</param>
    public static Dictionary<string, string> Variables(string service, IReadOnlyDictionary<string, IReadOnlyList<Uri>> peers)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, urls) in peers.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (name == service)
            {
                continue;
            }

            foreach (var scheme in urls.Select(u => u.Scheme).Distinct())
            {
                var index = 0;
                foreach (var url in urls.Where(u => u.Scheme == scheme))
                {
                    variables[string.Create(CultureInfo.InvariantCulture, $"services__{name}__{scheme}__{index++}")] = url.GetLeftPart(UriPartial.Authority);
                }
            }
        }

        return variables;
    }
}
