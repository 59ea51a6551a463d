using System.Collections.Immutable;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Calendar;
using GasLedger.Domain.Complaints;
using GasLedger.Domain.Ignition;
using GasLedger.Domain.Inspections;
using GasLedger.Domain.Installation;
using GasLedger.Domain.Repairs;
using GasLedger.Domain.Supply;
using GasLedger.Domain.Transfers;

namespace GasLedger.Domain.TimeLimits;

/// <summary>
/// The time limits of one account (R-INS-2, R-IGN-1, R-INSP-3, R-CMP-4, R-CMP-6, R-REP-2, R-SUP-1, R-APP-4): every
/// commitment its events started, folded from its stream. <see cref="Follow"/> is a pure function of the state, the
/// event, the working calendar and the policy, so the same history and calendar give the same due times, and a new
/// official calendar year gives new ones when the read model is rebuilt.
/// </summary>
public sealed record AccountTimeLimits
{
    public Guid Id { get; init; }
    public string AccountNumber { get; init; } = "";
    public string District { get; init; } = "";
    public MeterType MeterType { get; init; }

    /// <summary>Every commitment, by its id.</summary>
    public ImmutableSortedDictionary<string, WorkItem> Items { get; init; } = ImmutableSortedDictionary<string, WorkItem>.Empty;

    /// <summary>The open gas-on request and inspection request, and each complaint's round of handling.</summary>
    public string? OpenIgnition { get; init; }
    public string? OpenInspectionRequest { get; init; }
    public ImmutableDictionary<Guid, int> ComplaintRounds { get; init; } = ImmutableDictionary<Guid, int>.Empty;
    public bool FeeSettled { get; init; }

    /// <summary>
    /// The version of the account's last event followed: the state is that of the stream up to it (the events since
    /// that no time limit follows change nothing), so it can be followed on from there.
    /// </summary>
    public long Version { get; init; }

    /// <summary>The state after <paramref name="e"/>, the event at <paramref name="version"/> of the account's stream.</summary>
    public static AccountTimeLimits Follow(AccountTimeLimits? state, Guid accountId, IAccountEvent e, long version,
        WorkingCalendar calendar, ServicePolicy p) =>
        Next(state, accountId, e, version, calendar, p) with { Version = version };

    private static AccountTimeLimits Next(AccountTimeLimits? state, Guid accountId, IAccountEvent e, long version, WorkingCalendar calendar,
        ServicePolicy p)
    {
        var s = state ?? new AccountTimeLimits { Id = accountId };
        var at = e.OccurredAt;
        WorkItem Working(string id, CommitmentKind kind, string rule, int days, Guid? work, DateTimeOffset start, string? owner = null)
        {
            var due = calendar.DueAfterWorkingDays(start, days, p);
            var provisional = calendar.ProvisionalYearsBetween(p.LocalDate(start).AddDays(1), p.LocalDate(due)).Count > 0;
            return new WorkItem(id, kind, rule, $"{days} working days", work, start, due, null, provisional, owner);
        }
        WorkItem Clock(string id, CommitmentKind kind, string rule, TimeSpan limit, string text, Guid? work, DateTimeOffset start,
            string? owner = null) =>
            new(id, kind, rule, text, work, start, start + limit, null, false, owner);

        switch (e)
        {
            case ApplicationSubmitted a:
            {
                s = s with { AccountNumber = a.AccountNumber, District = a.Address.District, MeterType = a.MeterType };
                var commitment = a.MeterType == MeterType.IcCard ? p.CounterOpenIcCardAccountMinutes : p.CounterOpenAccountMinutes;
                return CounterHandling($"counterHandling:{accountId}:{version}", accountId, a.HandlingMinutes, commitment, at, null)
                    is { } counter
                    ? s.Start(counter) : s;
            }

            case HolderTransferred transferred:
                return CounterHandling($"counterHandling:{accountId}:{version}", accountId, transferred.HandlingMinutes,
                    p.CounterTransferMinutes, at, null) is { } desk
                    ? s.Start(desk) : s;

            case ApplicationFeePaid:
                // R-INS-2: counted from the day after application and fee are complete.
                return s.Start(Working(InstallationId(accountId), CommitmentKind.Installation, "R-INS-2", p.InstallationNewWorkingDays,
                    accountId, at)) with { FeeSettled = true };

            case InstallationScheduled scheduled:
            {
                var id = InstallationId(accountId);
                var started = s.Items.TryGetValue(id, out var existing) ? existing.StartedAt : at;
                var item = scheduled.Kind switch
                {
                    InstallationKind.Modification => Working(id, CommitmentKind.Installation, "R-INS-2",
                        p.InstallationModificationWorkingDays, accountId, started),
                    InstallationKind.CommonFacility => LaterOf(
                        Working(id, CommitmentKind.Installation, "R-INS-2", p.InstallationCommonFacilityWorkingDays, accountId, started),
                        WorkingCalendar.EndOfDay(scheduled.AppointmentDate, p), "or the date agreed with the holder"),
                    _ => Working(id, CommitmentKind.Installation, "R-INS-2", p.InstallationNewWorkingDays, accountId, started),
                };
                return existing?.DoneAt is null ? s.Start(item) : s;
            }

            case InstallationCompleted:
                return s.Done(InstallationId(accountId), at);

            case IgnitionRequested:
            {
                var id = $"ignition:{accountId}:{version}";
                var withoutOld = s.OpenIgnition is { } old ? s.Drop(old) : s;
                return withoutOld.Start(Working(id, CommitmentKind.Ignition, "R-IGN-1", p.IgnitionWorkingDays, accountId, at))
                    with { OpenIgnition = id };
            }

            case IgnitionCompleted or IgnitionRefused:
                // A refused visit is still the visit the holder was promised (R-IGN-2 refuses it for a safety reason).
                return s.OpenIgnition is { } open ? s.Done(open, at) with { OpenIgnition = null } : s;

            case InspectionRequested:
            {
                var id = $"requestedInspection:{accountId}:{version}";
                var due = WorkingCalendar.EndOfDay(p.LocalDate(at).AddDays(p.RequestedInspectionDays), p);
                return s.Start(new WorkItem(id, CommitmentKind.RequestedInspection, "R-INSP-3", $"{p.RequestedInspectionDays} days",
                        accountId, at, due, null, false, null))
                    with { OpenInspectionRequest = id };
            }

            case InspectionVisited visit when visit.Outcome != InspectionOutcome.NotHome && s.OpenInspectionRequest is { } request:
                return s.Done(request, at) with { OpenInspectionRequest = null };

            case ComplaintFiled filed:
            {
                var c = filed.ComplaintId;
                var resolutionDays = filed.Complexity == ComplaintComplexity.Complex
                    ? p.ComplaintComplexWorkingDays : p.ComplaintSimpleWorkingDays;
                return s
                    .Start(Clock($"complaintReply:{c}", CommitmentKind.ComplaintReply, "R-CMP-4", TimeSpan.FromHours(p.ComplaintReplyHours),
                        $"{p.ComplaintReplyHours} hours", c, at, filed.ReceivedBy))
                    .Start(Working($"complaintDecision:{c}", CommitmentKind.ComplaintDecision, "R-CMP-4", p.ComplaintDecisionWorkingDays, c,
                        at, filed.ReceivedBy))
                    .Start(Working(ResolutionId(c, 0), CommitmentKind.ComplaintResolution, "R-CMP-4", resolutionDays, c, at,
                        filed.ReceivedBy))
                    .Start(Clock($"firstResponder:{c}", CommitmentKind.FirstResponder, "R-CMP-6", TimeSpan.FromDays(p.FirstResponderDays),
                        $"{p.FirstResponderDays} days", c, at, filed.ReceivedBy))
                    with { ComplaintRounds = s.ComplaintRounds.SetItem(c, 0) };
            }

            case ComplaintAcknowledged acknowledged: // R-CMP-7: the 48-hour reply, before the decision
                return s.Done($"complaintReply:{acknowledged.ComplaintId}", at).Done($"firstResponder:{acknowledged.ComplaintId}", at);

            case ComplaintReplied replied:
                return s.Done($"complaintReply:{replied.ComplaintId}", at).Done($"complaintDecision:{replied.ComplaintId}", at)
                    .Done($"firstResponder:{replied.ComplaintId}", at);

            case ComplaintResolved resolved:
                return s.Done(ResolutionId(resolved.ComplaintId, s.ComplaintRounds.GetValueOrDefault(resolved.ComplaintId)), at);

            case ComplaintReopened reopened:
            {
                // R-CMP-5: handled again, under the same time limit as the first resolution, from the reopening.
                var round = s.ComplaintRounds.GetValueOrDefault(reopened.ComplaintId) + 1;
                var first = s.Items.GetValueOrDefault(ResolutionId(reopened.ComplaintId, 0));
                var days = first?.Commitment.StartsWith($"{p.ComplaintComplexWorkingDays} ") == true
                    && p.ComplaintComplexWorkingDays != p.ComplaintSimpleWorkingDays
                    ? p.ComplaintComplexWorkingDays : p.ComplaintSimpleWorkingDays;
                return s.Start(Working(ResolutionId(reopened.ComplaintId, round), CommitmentKind.ComplaintResolution, "R-CMP-5", days,
                        reopened.ComplaintId, at, first?.Owner))
                    with { ComplaintRounds = s.ComplaintRounds.SetItem(reopened.ComplaintId, round) };
            }

            case Visits.VisitRequested visit:
            {
                // R-TL-1: the 3 working days of a gas-on request, or the later date the holder asked for.
                var item = Working($"visit:{visit.VisitId}", CommitmentKind.HolderVisit, "R-TL-1", p.IgnitionWorkingDays, visit.VisitId, at,
                    visit.ReceivedBy);
                return s.Start(visit.PreferredDate is { } preferred
                    ? LaterOf(item, WorkingCalendar.EndOfDay(preferred, p), "or the date the holder asked for") : item);
            }

            case ClockPaused paused:
                return s.Clock(paused.ItemId, i => i.PausedSince is null ? i.Paused(at, paused.Reason, paused.Note) : i);

            case ClockResumed resumed:
                return s.Clock(resumed.ItemId, i => i.Resumed(at));

            case Visits.VisitDone done:
                return s.Done($"visit:{done.VisitId}", at);

            case RepairReported reported:
            {
                var r = reported.RepairId;
                var arrival = reported.Emergency
                    ? Clock($"emergencyArrival:{r}", CommitmentKind.EmergencyArrival, "R-REP-2",
                        TimeSpan.FromMinutes(p.EmergencyArrivalMinutes), $"{p.EmergencyArrivalMinutes} minutes", r, at, reported.ReceivedBy)
                    : Clock($"repairHandling:{r}", CommitmentKind.RepairHandling, "R-REP-2", TimeSpan.FromHours(p.RepairHandlingHours),
                        $"{p.RepairHandlingHours} hours", r, at, reported.ReceivedBy);
                var started = s.Start(arrival)
                    .Start(Clock($"repairCompletion:{r}", CommitmentKind.RepairCompletion, "R-REP-2",
                        TimeSpan.FromHours(p.RepairCompletionHours), $"{p.RepairCompletionHours} hours", r, at, reported.ReceivedBy));
                if (reported.Emergency) return started;
                // R-TL-3: reached within office hours, 6 in the city and 7 in the suburbs (R-CAL-2 counts them).
                var hours = reported.Location == RepairLocation.Suburban ? p.RepairArrivalOfficeHoursSuburb : p.RepairArrivalOfficeHoursCity;
                var due = OfficeHours.After(at, TimeSpan.FromHours(hours), calendar, p);
                return started.Start(new WorkItem($"repairArrival:{r}", CommitmentKind.RepairArrival, "R-TL-3", $"{hours} office hours", r, at,
                    due, null, calendar.ProvisionalYearsBetween(p.LocalDate(at), p.LocalDate(due)).Count > 0, reported.ReceivedBy));
            }

            case RepairDispatched dispatched:
                return s.Own($"emergencyArrival:{dispatched.RepairId}", dispatched.Technician)
                    .Own($"repairHandling:{dispatched.RepairId}", dispatched.Technician)
                    .Own($"repairArrival:{dispatched.RepairId}", dispatched.Technician)
                    .Own($"repairCompletion:{dispatched.RepairId}", dispatched.Technician);

            case TechnicianArrived arrived:
                return s.Done($"emergencyArrival:{arrived.RepairId}", at).Done($"repairHandling:{arrived.RepairId}", at)
                    .Done($"repairArrival:{arrived.RepairId}", at);

            case RepairCompleted { Done: true } completed:
                return s.Done($"repairCompletion:{completed.RepairId}", at);

            case RepairReferred referred: // R-REP-4: out of the company's hands from here
                return s.Done($"emergencyArrival:{referred.RepairId}", at).Done($"repairHandling:{referred.RepairId}", at)
                    .Done($"repairArrival:{referred.RepairId}", at).Done($"repairCompletion:{referred.RepairId}", at);

            case SupplySuspended { Reason: SuspensionReason.PlannedWork, NoticeGivenAt: { } notice } suspended:
            {
                // R-SUP-1: the notice was due 48 hours before the interruption; it was given when it was.
                var item = new WorkItem($"interruptionNotice:{accountId}:{version}", CommitmentKind.InterruptionNotice, "R-SUP-1",
                    $"{p.PlannedInterruptionNoticeHours} hours ahead", accountId, notice,
                    suspended.OccurredAt.AddHours(-p.PlannedInterruptionNoticeHours), notice, false, null);
                return s.Start(item);
            }

            default:
                return s;
        }
    }

    /// <summary>Whether an event can start or move a time limit (the others only complete them, or touch none).</summary>
    public static bool MayStart(IAccountEvent e) => e is ApplicationFeePaid or InstallationScheduled or IgnitionRequested
        or InspectionRequested or Visits.VisitRequested or ComplaintFiled or ComplaintReopened or RepairReported
        or SupplySuspended { Reason: SuspensionReason.PlannedWork }
        or ApplicationSubmitted { HandlingMinutes: not null } or HolderTransferred { HandlingMinutes: not null };

    /// <summary>R-APP-4: a counter transaction that recorded its handling time, measured against its commitment.</summary>
    public static WorkItem? CounterHandling(string id, Guid accountId, int? handlingMinutes, int commitmentMinutes,
        DateTimeOffset finishedAt, string? staff) =>
        handlingMinutes is not { } minutes ? null
        : new WorkItem(id, CommitmentKind.CounterHandling, "R-APP-4", $"{commitmentMinutes} minutes", accountId,
            finishedAt.AddMinutes(-minutes), finishedAt.AddMinutes(-minutes + commitmentMinutes), finishedAt, false, staff);

    private static string InstallationId(Guid accountId) => $"installation:{accountId}";

    private static string ResolutionId(Guid complaintId, int round) =>
        round == 0 ? $"complaintResolution:{complaintId}" : $"complaintResolution:{complaintId}:{round}";

    private static WorkItem LaterOf(WorkItem item, DateTimeOffset agreed, string note) =>
        agreed > item.DueAt ? item with { DueAt = agreed, Commitment = $"{item.Commitment}, {note}" } : item;

    private AccountTimeLimits Start(WorkItem item) => this with { Items = Items.SetItem(item.Id, item) };

    private AccountTimeLimits Drop(string id) => this with { Items = Items.Remove(id) };

    private AccountTimeLimits Done(string id, DateTimeOffset at) =>
        Items.TryGetValue(id, out var item) && item.DoneAt is null
            ? this with { Items = Items.SetItem(id, item.Resumed(at) with { DoneAt = at }) } : this;

    /// <summary>R-TL-2: an item's clock stopped or running again.</summary>
    private AccountTimeLimits Clock(string id, Func<WorkItem, WorkItem> change) =>
        Items.TryGetValue(id, out var item) && item.DoneAt is null ? this with { Items = Items.SetItem(id, change(item)) } : this;

    private AccountTimeLimits Own(string id, string owner) =>
        Items.TryGetValue(id, out var item) && item.DoneAt is null
            ? this with { Items = Items.SetItem(id, item with { Owner = owner }) } : this;
}
