namespace GasLedger.Api.Security;

/// <summary>Listing API keys.</summary>
public static class ListApiKeysEndpoint
{
    /// <summary>List the API keys issued through the API, newest first.</summary>
    /// <remarks>
    /// The keys issued through the API, newest first, revoked ones included with when and by whom — never a key nor its
    /// hash; <c>staffId</c> keeps one staff member's keys. Keys from configuration are not listed: they are managed
    /// where they are configured.
    /// </remarks>
    [WolverineGet("/api/admin/keys"), ProducesResponseType<Paged<IssuedKeyView>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string? staffId, int? page, int? pageSize, StoredApiKeys keys, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (number, size) = Paging.ReadClamped(page, pageSize, errors);
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());
        var (items, total) = await keys.List(string.IsNullOrWhiteSpace(staffId) ? null : staffId.Trim(), number, size, ct);
        return Results.Ok(new Paged<IssuedKeyView>(items, number, size, total));
    }
}
