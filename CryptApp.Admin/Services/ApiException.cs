namespace CryptApp.Admin.Services;

/// <summary>An error answer of the Api, carrying its problem details' readable text.</summary>
public sealed class ApiException(string message) : Exception(message);
