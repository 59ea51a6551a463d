using GasLedger.Domain.Accounts;
using GasLedger.Domain.Calendar;
using GasLedger.Domain.Supply;

namespace GasLedger.Domain.Visits;

/// <summary>R-TL-1: the visits a holder asks for besides gas-on. 启封 / 停气 / 更换波纹管.</summary>
public enum VisitKind { Unseal, StopSupply, HoseReplacement }

/// <summary>
/// A holder asked for a visit (R-TL-1): done within 3 working days counted from the day after the request, or on the
/// later date the holder asked for.
/// </summary>
public sealed record VisitRequested(Guid VisitId, VisitKind Kind, DateOnly? PreferredDate, string? Note, string ReceivedBy,
    DateTimeOffset OccurredAt) : IAccountEvent;

/// <summary>The visit was made: by whom, and the hose fitted and sold at a hose replacement (R-IGN-3 asks about its charge).</summary>
public sealed record VisitDone(Guid VisitId, VisitKind Kind, string Technician, HoseSale? Hose, DateTimeOffset OccurredAt) : IAccountEvent;

/// <summary>A visit the holder asked for, as the account keeps it.</summary>
public sealed record VisitRecord(Guid Id, VisitKind Kind, DateTimeOffset RequestedAt, DateTimeOffset? DoneAt);

/// <summary>Decisions of holder-requested visits: R-TL-1, R-CAL-5, R-SUP-2.</summary>
public static class VisitDecisions
{
    /// <summary>
    /// R-TL-1: a visit is asked for on an account with a meter in service: unsealing a suspended one, stopping an active
    /// one's supply, replacing the hose of either; the preferred date not before the request.
    /// </summary>
    public static Decision Request(Account account, VisitRequested requested, ServicePolicy policy)
    {
        var states = requested.Kind switch
        {
            VisitKind.Unseal => [AccountStatus.Suspended],
            VisitKind.StopSupply => [AccountStatus.Active],
            _ => new[] { AccountStatus.Active, AccountStatus.Suspended },
        };
        if (AccountRules.Requires(account, $"ask for a visit ({WireNames.Of(requested.Kind.ToString())})", states) is { } refused)
            return refused;
        if (account.Visits.Values.Any(v => v.Kind == requested.Kind && v.DoneAt is null))
            return Decision.Refuse($"Account {account.Number} has a {WireNames.Of(requested.Kind.ToString())} visit open already. Nothing was written.");
        if (requested.PreferredDate < policy.LocalDate(requested.OccurredAt))
            return Decision.InvalidField("preferredDate", "may not be before the day of the request.");
        return Decision.Accepting(requested);
    }

    /// <summary>
    /// R-TL-1 and R-CAL-5: an open visit is made within the day's visiting hours. Stopping supply suspends it at the
    /// holder's request, unsealing a suspended meter resumes it (R-SUP-2); a hose replacement records the hose.
    /// </summary>
    public static Decision Complete(Account account, VisitDone done, WorkingCalendar calendar, ServicePolicy policy)
    {
        if (account.Visits.GetValueOrDefault(done.VisitId) is not { } visit)
            return Decision.NotFound($"Account {account.Number} has no visit {done.VisitId}.");
        if (visit.DoneAt is not null)
            return Decision.Refuse($"Visit {done.VisitId} of account {account.Number} was made already. Nothing was written.");
        if (!OfficeHours.WithinVisitingHours(done.OccurredAt, calendar, policy))
        {
            var (from, until) = OfficeHours.VisitingHours(policy.LocalDate(done.OccurredAt), calendar, policy);
            return Decision.InvalidField("occurredAt", $"is outside that day's visiting hours, {from:HH\\:mm}–{until:HH\\:mm} (R-CAL-5).");
        }
        if (visit.Kind != VisitKind.HoseReplacement && done.Hose is not null)
            return Decision.InvalidField("hose", "is for a hose replacement only.");
        var made = done with { Kind = visit.Kind };
        return visit.Kind switch
        {
            VisitKind.StopSupply when account.Status == AccountStatus.Active =>
                Decision.Accepting(made, new SupplySuspended(SuspensionReason.HolderRequest, null, null, done.OccurredAt)),
            VisitKind.Unseal when account.Status == AccountStatus.Suspended =>
                SupplyDecisions.Resume(account, new SupplyResumed(done.OccurredAt) { Reason = ResumptionReason.HolderRequest }) switch
                {
                    Decision.Accept resumed => Decision.Accepting([made, .. resumed.Events]),
                    var refusal => refusal,
                },
            _ => Decision.Accepting(made),
        };
    }
}
