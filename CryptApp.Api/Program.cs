using CryptApp.Api.Apis;
using CryptApp.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseApiPipeline();

app.MapDefaultEndpoints();
app.MapApiDocs();
app.MapCompatApi();
app.MapMarketsApi();
app.MapExchangesApi();
app.MapPairsApi();
app.MapStreamsApi();
app.MapJobsApi();

app.Run();
