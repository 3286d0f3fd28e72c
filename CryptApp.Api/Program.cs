using CryptApp.Api.Apis;
using CryptApp.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapDefaultEndpoints();
app.MapCompatApi();
app.MapMarketsApi();
app.MapJobsApi();

app.Run();
