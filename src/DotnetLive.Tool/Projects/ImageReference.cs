namespace DotnetLive.Tool.Projects;

/// <summary>Image references as manifests and compose files write them (<c>registry:5000/team/name:tag@sha256:…</c>).</summary>
internal static class ImageReference
{
    /// <summary>
    /// The reference names the repository <paramref name="name"/> (<c>ContainerRepository</c>, which may
    /// have path segments of its own) under any registry and path, with any tag or digest.
    /// </summary>
    public static bool Names(string? image, string name)
    {
        if (string.IsNullOrEmpty(image) || name.Length == 0)
        {
            return false;
        }

        var repository = image.Split('@')[0];
        var tag = repository.LastIndexOf(':');
        repository = tag > repository.LastIndexOf('/') ? repository[..tag] : repository;
        return string.Equals(repository, name, StringComparison.OrdinalIgnoreCase)
            || repository.EndsWith("/" + name, StringComparison.OrdinalIgnoreCase);
    }
}
