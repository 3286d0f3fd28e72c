using CryptApp.AppHost.Cache;
using CryptApp.AppHost.Extensions;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);
var publishing = builder.ExecutionContext.IsPublishMode;

// Parameters: generated once and kept in user secrets (run) or asked by azd (publish).
var apiKey = builder.AddParameter("api-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
var adminPassword = builder.AddParameter("admin-password", new GenerateParameterDefault { MinLength = 20, Special = false }, secret: true, persist: true)
    .WithDescription("Password of the Admin site's user (Admin:User, default admin).");
var keyRingSecret = builder.AddParameter("admin-key-ring-secret", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true)
    .WithDescription("Encrypts the Admin's Data Protection keys in Redis (sign-in cookies); a new value signs every user out once.");

// Infrastructure
var cache = builder.AddCache("cache");

// Services
// Two Api replicas by default when deployed: the cache-coherence design keeps them consistent.
var apiReplicas = builder.Configuration.GetValue("Api:Replicas", publishing ? 2 : 1);
var workerReplicas = builder.Configuration.GetValue("Worker:Replicas", 1);

var api = builder.AddProject<Projects.CryptApp_Api>("api")
    .WithReplicas(apiReplicas)
    .WithReference(cache).WaitFor(cache)
    .WithEnvironment("Api__Key", apiKey)
    .WithConfigurationFrom(builder.Configuration, "Api", "Stream")
    .WithHealthProbes(apiReplicas)
    .WithExternalHttpEndpoints()
    .WithForwardedHeadersFromIngress("Api")
    .WithHttpCommand("/api/v1/jobs/collect-process-cryptos/runs", "Run ETL now", commandOptions: new HttpCommandOptions
    {
        Method = HttpMethod.Post,
        Description = "Queue a CollectProcessCryptos run through the Api (with its key); a Worker replica takes it from the Redis queue.",
        IconName = "Play",
        PrepareRequest = async context =>
            context.Request.Headers.Add("X-Api-Key", await apiKey.Resource.GetValueAsync(context.CancellationToken)),
    })
    .WithoutOtlpRetry();

builder.AddProject<Projects.CryptApp_Worker>("worker")
    .WithReplicas(workerReplicas)
    .WithReference(cache).WaitFor(cache)
    .WithConfigurationFrom(builder.Configuration, "Exchanges", "Etl", "Jobs", "Stream")
    .WithHealthProbes(workerReplicas)
    .DisableForwardedHeaders()
    .WithoutOtlpRetry();

// Apps
builder.AddProject<Projects.CryptApp_Admin>("admin")
    // Only for its Data Protection key ring: sign-ins survive a restart and work across replicas.
    .WithReference(cache).WaitFor(cache)
    .WithReference(api).WaitFor(api)
    .WithEnvironment("Api__Key", apiKey)
    .WithEnvironment("Admin__Password", adminPassword)
    .WithEnvironment("Admin__KeyRingSecret", keyRingSecret)
    .WithConfigurationFrom(builder.Configuration, "Admin")
    .WithHealthProbes()
    .WithExternalHttpEndpoints()
    .WithForwardedHeadersFromIngress("Admin")
    .WithoutOtlpRetry();

builder.Build().Run();
