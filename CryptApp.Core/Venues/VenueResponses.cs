namespace CryptApp.Core.Venues;

/// <summary>
/// What every exchange client does with an answer before parsing it: turn an error status into an
/// <see cref="VenueHttpException"/>, and refuse bodies that are not JSON or are larger than allowed.
/// </summary>
internal static class VenueResponses
{
    private const int ErrorSnippetLength = 200;

    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new VenueHttpException(response.StatusCode, "/" + request.RequestUri?.OriginalString.TrimStart('/'), Snippet(text));
        }
    }

    public static async Task<Stream> OpenJsonBodyAsync(HttpResponseMessage response, long maxBodyBytes, CancellationToken cancellationToken)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (!IsJson(mediaType))
        {
            // CDNs answer outages with 200 HTML pages; never feed those to the parser.
            throw new VenueDataException($"expected JSON but the exchange sent '{mediaType ?? "no content type"}'");
        }

        if (response.Content.Headers.ContentLength > maxBodyBytes)
        {
            throw new VenueDataException(
                $"body of {response.Content.Headers.ContentLength} bytes exceeds the {maxBodyBytes} byte limit");
        }

        return await response.Content.ReadAsStreamAsync(cancellationToken);
    }

    /// <summary>The start of an error body, on one line, for exception messages.</summary>
    public static string Snippet(string text) =>
        (text.Length > ErrorSnippetLength ? text[..ErrorSnippetLength] : text).ReplaceLineEndings(" ");

    private static bool IsJson(string? mediaType) =>
        mediaType is not null
        && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
