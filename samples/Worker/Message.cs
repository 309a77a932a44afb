// Edit the text below while `dotnet live` runs: the worker prints the new text a second later.
static class Message
{
    public const string Text = "Worker says hello";
}
