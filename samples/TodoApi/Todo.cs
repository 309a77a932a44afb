sealed record Todo(int Id, string Title, bool Done);
