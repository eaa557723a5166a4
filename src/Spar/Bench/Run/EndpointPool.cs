namespace Spar.Bench.Run;

/// <summary>
/// Spreads requests over several servers of the same model: each request goes to the endpoint with the fewest requests
/// in flight, ties broken round-robin. A slow or failing server thus receives less work instead of an equal share.
/// </summary>
public sealed class EndpointPool
{
    readonly Uri[] _endpoints;
    readonly int[] _inFlight;
    readonly Lock _lock = new();
    int _next;

    public EndpointPool(IReadOnlyList<Uri> endpoints)
    {
        if (endpoints.Count == 0) throw new ArgumentException("at least one endpoint is needed", nameof(endpoints));
        _endpoints = [.. endpoints];
        _inFlight = new int[_endpoints.Length];
    }

    public IReadOnlyList<Uri> Endpoints => _endpoints;

    public int Acquire()
    {
        lock (_lock)
        {
            int best = -1;
            for (int k = 0; k < _endpoints.Length; k++)
            {
                int i = (_next + k) % _endpoints.Length;
                if (best < 0 || _inFlight[i] < _inFlight[best]) best = i;
            }
            _inFlight[best]++;
            _next = (best + 1) % _endpoints.Length;
            return best;
        }
    }

    public void Release(int index)
    {
        lock (_lock) _inFlight[index]--;
    }

    public Uri this[int index] => _endpoints[index];

    /// <summary>
    /// Accepts a base URL (<c>http://host:8000/v1</c>) or the full <c>…/chat/completions</c> URL, as users copy either.
    /// </summary>
    public static Uri ChatCompletionsUrl(string endpoint)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new Spar.Util.SparException($"--endpoint '{endpoint}' is not an http(s) URL");
        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/chat/completions", StringComparison.Ordinal)) return uri;
        return new UriBuilder(uri) { Path = path + "/chat/completions" }.Uri;
    }
}
