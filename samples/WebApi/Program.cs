var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.MapGet("/", () => Greeting.Text);
app.MapGet("/pid", () => Environment.ProcessId);
app.MapGet("/weather", () => Enumerable.Range(1, 3).Select(day => new
{
    Date = DateOnly.FromDateTime(DateTime.Now.AddDays(day)),
    TemperatureC = Random.Shared.Next(-20, 35),
}));

app.Run();
