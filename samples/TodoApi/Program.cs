using Microsoft.EntityFrameworkCore;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddOpenApi();
builder.Services.AddDbContext<TodoDb>(options => options.UseSqlite("Data Source=:memory:"));
var app = builder.Build();

app.MapOpenApi();
app.MapGet("/", () => Greeting.Text);
app.MapGet("/todos", async (TodoDb db) =>
{
    await db.Database.OpenConnectionAsync();
    await db.Database.EnsureCreatedAsync();
    return await db.Todos.ToListAsync();
});

app.Run();
