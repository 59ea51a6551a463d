using System.ComponentModel.DataAnnotations;
using GasLedger.Domain.Applications;
using Marten;

namespace GasLedger.Api.Applications;

public sealed record HandSafetyMaterial : AccountCommand
{
    /// <summary>Who handed it (a technician on the round, the counter).</summary>
    [Required] public string? HandedBy { get; init; }

    /// <summary>What was handed: the leaflet, the safe-use manual …</summary>
    public string? Material { get; init; }
}

/// <summary>An account still without the year's safety material (R-APP-8).</summary>
public sealed record SafetyMaterialDue(Guid AccountId, string AccountNumber, string District, string Community, string Building,
    int? LastYear);

/// <summary>安全宣传 — the yearly safety material round (R-APP-8).</summary>
public static class HandSafetyMaterialEndpoint
{
    public static ProblemDetails Validate(HandSafetyMaterial cmd) => Problems.Check(new FieldErrors().Require(cmd.HandedBy, "handedBy")
        .When(cmd.HandedBy?.Trim().Length > 40, "handedBy", "may be at most 40 characters.")
        .When(cmd.Material?.Trim().Length > 200, "material", "may be at most 200 characters."));

    /// <summary>安全宣传 — record the year's safety material handed to the holder.</summary>
    /// <remarks>
    /// Safety material handed to a holder whose gas is on, in the year's round (R-APP-8: at least once a year); the year is
    /// that of <c>occurredAt</c>. 400 when <c>handedBy</c> is missing. 409 when the account's gas is not on, or it has this
    /// year's material already.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/safety-material"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, HandSafetyMaterial cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) => ApplicationDecisions.HandSafetyMaterial(account,
            new SafetyMaterialHanded(streams.Policy.LocalDate(at).Year, cmd.HandedBy!.Trim(),
                string.IsNullOrWhiteSpace(cmd.Material) ? null : cmd.Material.Trim(), at), streams.Policy), ct: ct);
}

/// <summary>安全宣传 — the accounts the year's round has still to reach (R-APP-8).</summary>
public static class GetSafetyMaterialDueEndpoint
{
    /// <summary>安全宣传 — accounts with gas on still without the year's safety material.</summary>
    /// <remarks>
    /// The accounts whose gas is on (active or suspended) that have had no safety material in <c>year</c> (default this
    /// year), neither at application nor in the year's round (R-APP-8), in <c>district</c> if given, by account number,
    /// paged. 400 when <c>year</c> is not one or the paging is out of range.
    /// </remarks>
    [WolverineGet("/api/safety-material/due"), ProducesResponseType<Paged<SafetyMaterialDue>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get([Takes(QueryText.WholeNumber)] string? year, string? district, int? page, int? pageSize,
        IQuerySession session, ServicePolicy policy, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (number, size) = Paging.Read(page, pageSize, errors);
        var round = policy.LocalDate(clock.GetUtcNow()).Year;
        if (year is not null && (!int.TryParse(year, out round) || round is < 1990 or > 2100)) errors.Add("year", "must be a year from 1990 to 2100.");
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());
        var area = ReadInput.District(district);
        var due = session.Query<Account>().Where(a => (a.Status == AccountStatus.Active || a.Status == AccountStatus.Suspended)
            && (a.SafetyMaterialYear == null || a.SafetyMaterialYear < round));
        if (area is not null) due = due.Where(a => a.Address.District == area);
        var total = await due.LongCountAsync(ct);
        var rows = await due.OrderBy(a => a.Number).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return Results.Ok(new Paged<SafetyMaterialDue>(rows.Select(a => new SafetyMaterialDue(a.Id, a.Number, a.Address.District,
            a.Address.Community, a.Address.Building, a.SafetyMaterialYear)).ToArray(), number, size, total));
    }
}
