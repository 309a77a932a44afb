// Edit the text below while `dotnet live` runs: Hot Reload applies it to the running app in a fraction
// of a second (with --no-hot-reload, the app is rebuilt and restarted instead).
static class Greeting
{
    public static string Text => "Hello from dotnet-live!";
}
