namespace CryptApp.Testing.Fakes;

/// <summary>One market of the fake exchange: its listing status, its book and how it answers.</summary>
public sealed record FakeMarket(string Status, FakeBook Book, FakeBehavior Behavior = FakeBehavior.Book);
