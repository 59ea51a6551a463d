using System.ComponentModel.DataAnnotations;
using GasLedger.Api.Ignition;
using GasLedger.Api.Inspections;
using GasLedger.Api.Security;
using GasLedger.Domain.Inspections;
using GasLedger.Domain.Repairs;

namespace GasLedger.Api.Repairs;

public sealed record CompleteRepair : AccountCommand
{
    [Required] public bool? AirtightnessPassed { get; init; }
    public List<HazardBody?>? Hazards { get; init; }
    public ChargeBody? Charge { get; init; }
    [FreeText] public string? Notes { get; init; }
}

public sealed record RepairCompletedAnswer(Guid AccountId, long Version, Guid RepairId, IReadOnlyList<Guid> HazardIds)
    : CommandAnswer(AccountId, Version);

/// <summary>报修 — completing a repair.</summary>
public static class CompleteRepairEndpoint
{
    public static ProblemDetails Validate(CompleteRepair cmd, ServicePolicy policy)
    {
        var errors = new FieldErrors().Require(cmd.AirtightnessPassed, "airtightnessPassed");
        HazardBody.Check(cmd.Hazards, "hazards", errors);
        ChargeBody.Check(cmd.Charge, "charge", errors, policy);
        return Problems.Check(errors);
    }

    /// <summary>报修 — complete a repair, with the airtightness test and any hazards found.</summary>
    /// <remarks>
    /// Repaired, with the airtightness test and any hazard notices (R-REP-1, R-HAZ-1/2): each hazard opens a
    /// rectification loop, and a severe one suspends supply of an active account, where the policy says so. 400 when
    /// <c>airtightnessPassed</c> is missing, a hazard lacks its code or severity, or a charge lacks its amount or
    /// invoiced flag or is out of range. 404 when the account has no such repair; 409 when the technician is not on
    /// site, or the account is closed.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/repairs/{repairId}/complete"),
     ProducesResponseType<RepairCompletedAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, Guid repairId, CompleteRepair cmd, AccountStreams streams, CancellationToken ct)
    {
        HazardFound[] hazards = [];
        return streams.Decide(accountId, cmd, (account, at) =>
            {
                hazards = HazardBody.Found(cmd.Hazards, null, repairId, at);
                return RepairDecisions.Complete(account,
                    new RepairCompleted(repairId, cmd.AirtightnessPassed!.Value, cmd.Charge?.ToCharge(), cmd.Notes, at),
                    hazards, streams.Policy);
            },
            version => new RepairCompletedAnswer(accountId, version, repairId, hazards.Select(h => h.HazardId).ToArray()), ct: ct);
    }
}
