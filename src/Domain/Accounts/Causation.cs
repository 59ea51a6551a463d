using GasLedger.Domain.Complaints;
using GasLedger.Domain.Inspections;
using GasLedger.Domain.Supply;

namespace GasLedger.Domain.Accounts;

/// <summary>
/// Which event of the same decision led to another (the request itself is the cause of the rest): the supply
/// suspension a severe hazard causes (R-HAZ-2), the escalation of a complaint touching safety (R-CMP-3), the reopening
/// or closing a follow-up causes (R-CMP-5), the closure a declined application causes (R-APP-6), the suspension or resumption a holder's visit causes (R-TL-1).
/// </summary>
public static class Causation
{
    /// <summary>The index in <paramref name="events"/> of the event that caused <c>events[index]</c>, if one did.</summary>
    public static int? CausedBy(IReadOnlyList<IAccountEvent> events, int index)
    {
        bool Is(Func<IAccountEvent, bool> cause, out int found)
        {
            for (found = index - 1; found >= 0; found--)
                if (cause(events[found])) return true;
            return false;
        }
        return events[index] switch
        {
            SupplySuspended { HazardId: { } hazard } when Is(e => e is HazardFound h && h.HazardId == hazard, out var i) => i,
            ComplaintEscalated escalated when Is(e => e is ComplaintFiled f && f.ComplaintId == escalated.ComplaintId, out var i) => i,
            ComplaintReopened reopened when Is(e => e is ComplaintFollowedUp f && f.ComplaintId == reopened.ComplaintId, out var i) => i,
            ComplaintClosed closed when Is(e => e is ComplaintFollowedUp f && f.ComplaintId == closed.ComplaintId, out var i) => i,
            SupplySuspended { Reason: SuspensionReason.HolderRequest } when Is(e => e is Visits.VisitDone, out var i) => i,
            SupplyResumed when Is(e => e is Visits.VisitDone, out var i) => i,
            AccountClosed { Reason: ClosureReason.Declined } when Is(e => e is Applications.ApplicationDeclined, out var i) => i,
            _ => null,
        };
    }
}
