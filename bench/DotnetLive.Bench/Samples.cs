using System.Text.RegularExpressions;
using DotnetLive.Testing;

namespace DotnetLive.Bench;

internal static partial class Samples
{
    /// <summary>Sets the text the WebApi sample serves at "/", as a developer's one-line edit.</summary>
    public static void SetGreeting(SampleCopy sample, string text)
    {
        var path = sample.PathOf("Greeting.cs");
        File.WriteAllText(path, GreetingText().Replace(File.ReadAllText(path), $"Text => \"{text}\";"));
    }

    [GeneratedRegex("Text => \"[^\"]*\";")]
    private static partial Regex GreetingText();
}
