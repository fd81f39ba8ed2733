// Placeholder: the simulator is built in its own issue.
var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/", () => "EdgeDigits simulator: not implemented yet");
app.Run();
