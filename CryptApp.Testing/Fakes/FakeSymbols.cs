namespace CryptApp.Testing.Fakes;

/// <summary>How the fake answers <c>/symbols</c>: the truth, or one of the ways an exchange's list can lie.</summary>
public enum FakeSymbols
{
    Listing,
    /// <summary><c>{}</c>: nothing listed.</summary>
    Empty,
    /// <summary>Every symbol listed with status <c>halt</c>, as during maintenance.</summary>
    AllHalted,
    ServerError,
    /// <summary>Never answers; the client has to give up.</summary>
    Timeout,
    /// <summary>Only every third symbol: most markets seem to vanish at once.</summary>
    AThird,
}
