// Edit the text below while `dotnet live` runs: the app serves the new text a second later.
static class Greeting
{
    public const string Text = "Hello from dotnet-live!";
}
