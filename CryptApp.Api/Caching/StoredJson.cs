namespace CryptApp.Api.Caching;

/// <summary>
/// JSON bytes as the Worker stored them, written to the response as they are: no serializer, and none
/// of the file-result machinery (ranges, dates) the bytes result carries.
/// </summary>
public sealed class StoredJson(byte[] json) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = "application/json";
        response.ContentLength = json.Length;
        return response.Body.WriteAsync(json, httpContext.RequestAborted).AsTask();
    }
}
