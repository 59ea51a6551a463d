using System.ComponentModel.DataAnnotations;
using GasLedger.Api.Security;
using GasLedger.Domain.Supply;
using Marten;

namespace GasLedger.Api.Supply;

/// <summary>A price of the body: a customer category's CNY per m³.</summary>
public sealed record GasPriceBody([property: Required] CustomerCategory? Category, [property: Required] decimal? YuanPerM3);

/// <summary>The body of <c>POST /api/gas-terms</c>.</summary>
public sealed record PublishGasTerms
{
    /// <summary>The first day (company date) the terms apply.</summary>
    [Required] public DateOnly? EffectiveFrom { get; init; }

    /// <summary>天然气, 液化石油气 …</summary>
    [Required] public string? GasType { get; init; }

    /// <summary>组分: e.g. 甲烷 ≥ 96%, 乙烷 ≤ 2% …</summary>
    [Required] public string? Composition { get; init; }

    /// <summary>热值, MJ/m³.</summary>
    [Required] public decimal? CalorificValueMjPerM3 { get; init; }

    /// <summary>供气压力, kPa.</summary>
    [Required] public decimal? PressureKpa { get; init; }

    /// <summary>价格 by customer category, CNY/m³.</summary>
    [Required] public IReadOnlyList<GasPriceBody?>? Prices { get; init; }

    /// <summary>The prices, each whole (its category and price given), as the terms keep them; null for one that is not.</summary>
    public IReadOnlyList<GasPrice?>? PricesGiven() => Prices?.Select(p =>
        p is { Category: { } category, YuanPerM3: { } price } ? new GasPrice(category, price) : null).ToArray();

    /// <summary>The price notice or decision it follows.</summary>
    public string? Source { get; init; }
}

/// <summary>燃气信息公示 — publishing the gas supplied (R-SUP-5).</summary>
public static class PublishGasTermsEndpoint
{
    public static ProblemDetails Validate(PublishGasTerms body)
    {
        var errors = new FieldErrors();
        for (var i = 0; i < (body.Prices?.Count ?? 0); i++)
            if (body.Prices![i] is { } price)
                errors.Require(price.Category, $"prices[{i}].category").Require(price.YuanPerM3, $"prices[{i}].yuanPerM3");
        if (errors.Any) return Problems.Check(errors);
        return Problems.Check(GasTerms
            .Check(body.GasType, body.Composition, body.CalorificValueMjPerM3, body.PressureKpa, body.PricesGiven())
            .Require(body.EffectiveFrom, "effectiveFrom")
            .When(body.Source?.Trim().Length > 200, "source", "may be at most 200 characters."));
    }

    /// <summary>燃气信息公示 — record the gas supplied from a date on.</summary>
    /// <remarks>
    /// The gas the company supplies from <c>effectiveFrom</c> on, as it publishes it (R-SUP-5): type, composition, calorific
    /// value, pressure and prices by customer category. Terms are never edited: a change is new terms from its date. 201
    /// with the terms. 400 when a field is missing or out of range, or a category is priced twice. 409 when terms from
    /// that date are already recorded.
    /// </remarks>
    [WolverinePost("/api/gas-terms"), ProducesResponseType<GasTerms>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(PublishGasTerms body, AccountStreams streams, CancellationToken ct)
    {
        if (!await streams.Claim(ct)) return Results.Empty;
        var from = body.EffectiveFrom!.Value;
        if (await streams.Session.Query<GasTerms>().AnyAsync(t => t.EffectiveFrom == from, ct))
            return Problems.Conflict(
                $"Gas terms from {from:yyyy-MM-dd} are recorded already: a change is new terms from a later date. Nothing was written.");
        var terms = new GasTerms
        {
            Id = Guid.CreateVersion7(), EffectiveFrom = from, GasType = body.GasType!.Trim(), Composition = body.Composition!.Trim(),
            CalorificValueMjPerM3 = body.CalorificValueMjPerM3!.Value, PressureKpa = body.PressureKpa!.Value,
            Prices = body.PricesGiven()!.Select(p => p!).OrderBy(p => p.Category).ToArray(),
            Source = string.IsNullOrWhiteSpace(body.Source) ? null : body.Source.Trim(),
            RecordedBy = streams.StaffId, RecordedAt = streams.Now,
        };
        streams.TagWithRequest();
        streams.Session.Store(terms);
        streams.Http.Response.Headers.Location = $"/api/gas-terms?date={from:yyyy-MM-dd}";
        return await streams.Commit(terms, StatusCodes.Status201Created, ct);
    }
}

/// <summary>燃气信息公示 — the terms published, and those in force on a date.</summary>
public static class GetGasTermsEndpoint
{
    /// <summary>燃气信息公示 — the gas terms published, or those in force on a date.</summary>
    /// <remarks>
    /// Every change of the gas supplied, latest first (R-SUP-5); with <c>date</c>, only the terms in force that day (the
    /// latest from on or before it), or none before the first. 400 when <c>date</c> is not one.
    /// </remarks>
    [WolverineGet("/api/gas-terms"), ProducesResponseType<IReadOnlyList<GasTerms>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get([Takes(QueryText.Date)] string? date, IQuerySession session, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var day = ReadInput.Date(date, "date", errors);
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());
        var all = await session.Query<GasTerms>().OrderByDescending(t => t.EffectiveFrom).ToListAsync(ct);
        return Results.Ok(day is { } d ? GasTerms.InForce(all, d) is { } inForce ? [inForce] : Array.Empty<GasTerms>() : all);
    }
}
