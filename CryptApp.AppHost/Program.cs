using Microsoft.Extensions.Configuration;
using CryptApp.AppHost.Cache;
using CryptApp.AppHost.Extensions;

var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure
var cache = builder.AddCache("cache");

// Services
var api = builder.AddProject<Projects.CryptApp_Api>("api")
    .WithReplicas(builder.Configuration.GetValue("Api:Replicas", builder.ExecutionContext.IsPublishMode ? 2 : 1))
    .WithReference(cache).WaitFor(cache)
    .WithConfigurationFrom(builder.Configuration, "Api")
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithoutOtlpRetry();

builder.AddProject<Projects.CryptApp_Worker>("worker")
    .WithReference(cache).WaitFor(cache)
    .WithConfigurationFrom(builder.Configuration, "Exchanges", "Etl")
    .WithHttpHealthCheck("/health")
    .WithoutOtlpRetry();

// Apps
builder.AddProject<Projects.CryptApp_Admin>("admin")
    .WithReference(api).WaitFor(api)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithoutOtlpRetry();

builder.Build().Run();
