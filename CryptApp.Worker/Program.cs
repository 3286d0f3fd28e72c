using CryptApp.Worker;
using CryptApp.Worker.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapWorkerApi();

app.Run();
