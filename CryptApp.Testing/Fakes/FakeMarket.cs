using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptApp.Testing.Fakes;

/// <summary>One market of the fake exchange: its listing status, its book and how it answers.</summary>
public sealed record FakeMarket(string Status, FakeBook Book, FakeBehavior Behavior = FakeBehavior.Book);
