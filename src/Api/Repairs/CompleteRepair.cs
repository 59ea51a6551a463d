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

    /// <summary>R-REP-4: the safety check done, the appliances re-ignited, the holder signed the work order.</summary>
    public bool? SafetyChecked { get; init; }
    public bool? Reignited { get; init; }
    public bool? HolderSignedOff { get; init; }
}

public sealed record ReferRepair : AccountCommand
{
    /// <summary>The channel it goes to: another department, the property office, the city hotline …</summary>
    [Required] public string? ReferredTo { get; init; }
    [Required, FreeText] public string? Reason { get; init; }
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
    /// rectification loop, and a severe one suspends supply of an active account, where the policy says so. The safety
    /// check, re-ignition and the holder's sign-off are recorded (R-REP-4); a failed airtightness test keeps the repair
    /// open, on site, until a completion passes it. 400 when
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
                    new RepairCompleted(repairId, cmd.AirtightnessPassed!.Value, cmd.Charge?.ToCharge(), cmd.Notes, at, cmd.SafetyChecked,
                        cmd.Reignited, cmd.HolderSignedOff),
                    hazards, streams.Policy);
            },
            version => new RepairCompletedAnswer(accountId, version, repairId, hazards.Select(h => h.HazardId).ToArray()), ct: ct);
    }
}

/// <summary>转办 — a repair handed to another channel (R-REP-4).</summary>
public static class ReferRepairEndpoint
{
    public static ProblemDetails Validate(ReferRepair cmd) => Problems.Check(new FieldErrors().Require(cmd.ReferredTo, "referredTo")
        .Require(cmd.Reason, "reason").When(cmd.ReferredTo?.Trim().Length > 100, "referredTo", "may be at most 100 characters."));

    /// <summary>转办 — hand a repair to another channel, with the reason.</summary>
    /// <remarks>
    /// A repair not yet done goes to another channel — another department, the property office — with the reason
    /// (R-REP-4): it ends here, and its time limits with it. 400 when <c>referredTo</c> or <c>reason</c> is missing. 404
    /// when the account has no such repair; 409 when it is done or referred already, or the account is closed.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/repairs/{repairId}/refer"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, Guid repairId, ReferRepair cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) =>
            RepairDecisions.Refer(account, new RepairReferred(repairId, cmd.ReferredTo!.Trim(), cmd.Reason!.Trim(), at)), ct: ct);
}
