using System.Reflection;

var app = WebApplication.Create(args);
app.MapGet("/", () => typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Greeting").Value);
app.Run();
