namespace CryptApp.Contracts.Jobs;

/// <summary>A job of the Worker's catalogue as the Api serves it: its schedule and fire times.</summary>
public sealed record JobInfo(
    string Name,
    string Id,
    string Description,
    string Schedule,
    DateTimeOffset? PreviousFireAt,
    DateTimeOffset? NextFireAt);
