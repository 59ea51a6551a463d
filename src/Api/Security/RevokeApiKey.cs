namespace GasLedger.Api.Security;

/// <summary>Revoking API keys.</summary>
public static class RevokeApiKeyEndpoint
{
    /// <summary>Revoke an issued API key.</summary>
    /// <remarks>
    /// Revokes an issued key (R-INT-2: access by departed staff is revoked). From the next request on the key answers
    /// 401: keys are looked up on every request, never cached. 200 with the key's record; revoking it again is
    /// idempotent (200, the first revocation's time and author stay). 404 for an unknown id.
    /// </remarks>
    [WolverineDelete("/api/admin/keys/{id}"), ProducesResponseType<IssuedKeyView>(StatusCodes.Status200OK),
     ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Delete(Guid id, StoredApiKeys keys, HttpContext http, CancellationToken ct)
    {
        GasLedger.Api.Hosting.WriteAttempts.Mark(http);
        return await keys.Revoke(id, http.User.StaffId() ?? "system", ct) is { } revoked
            ? Results.Ok(revoked)
            : Problems.NotFound($"No key {id} was issued.");
    }
}
