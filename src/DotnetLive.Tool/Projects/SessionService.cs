namespace DotnetLive.Tool.Projects;

/// <summary>
/// One app of the session: a project run live. A single project is one; a solution's are its app
/// projects, each named after its project in lower case or <c>$(LiveServiceName)</c>.
/// </summary>
internal sealed record SessionService(string Name, string ProjectPath)
{
    /// <summary>A name as a DNS label and a configuration key accept it: lower case letters, digits and '-'.</summary>
    public static string NameOf(string text)
    {
        var name = new string(text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return name.Length > 0 ? name : "app";
    }
}
