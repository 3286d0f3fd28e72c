namespace CryptApp.Core.Venues;

/// <summary>
/// Puts every attempt through its venue's <see cref="VenueRateGate"/>: takes the request's cost from the
/// budget, bounds the attempt (headers and whole body) by <see cref="VenueOptions.RequestTimeout"/> and
/// <see cref="VenueOptions.MaxBodyBytes"/>, and tells the gate what the venue answered. A streamed success
/// (<see cref="VenueRequest.Streamed"/>) is handed on after its headers, its body left to the client's bounds.
/// A ban fails the request with <see cref="VenueBannedException"/>; a 429 (or Kraken's rate-limit error in a
/// 200) goes back to the caller (and any retry handler outside this one), its pause already recorded.
/// </summary>
public sealed class VenueGateHandler(VenueRateGate gate, VenueOptions options) : DelegatingHandler
{
    private const int MaxErrorBody = 64 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var cost = request.Options.TryGetValue(VenueRequest.Cost, out var weight) ? weight : 1;
        var streamed = request.Options.TryGetValue(VenueRequest.Streamed, out var stream) && stream;
        await gate.AcquireAsync(cost, cancellationToken);

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(options.RequestTimeout);
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, attempt.Token);
            if (!streamed || !response.IsSuccessStatusCode)
            {
                var limit = response.IsSuccessStatusCode ? options.MaxBodyBytes : MaxErrorBody;
                await response.Content.LoadIntoBufferAsync(limit, attempt.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            var message = $"{gate.Venue} timed out: no answer to {request.RequestUri?.AbsolutePath} within {options.RequestTimeout}";
            gate.RecordFailure(message);
            throw new TimeoutException(message);
        }
        catch (HttpRequestException ex) when (response is not null)
        {
            // Only buffering fails this way with a response in hand: the body outgrew the limit.
            response.Dispose();
            var message = $"{gate.Venue} sent a body over the {options.MaxBodyBytes} byte limit";
            gate.RecordFailure(message);
            throw new VenueDataException(message, ex);
        }
        catch (HttpRequestException ex)
        {
            gate.RecordFailure(ex.Message);
            throw;
        }

        var body = !response.IsSuccessStatusCode || (gate.RefusesInBand && !streamed)
            ? await response.Content.ReadAsStringAsync(cancellationToken)
            : null;
        if (gate.Observe(response.StatusCode, response.Headers, body) is { } banned)
        {
            response.Dispose();
            throw banned;
        }

        return response;
    }
}
