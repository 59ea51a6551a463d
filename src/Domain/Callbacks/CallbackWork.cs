using GasLedger.Domain.Applications;
using GasLedger.Domain.Complaints;
using GasLedger.Domain.Ignition;
using GasLedger.Domain.Inspections;
using GasLedger.Domain.Installation;
using GasLedger.Domain.Repairs;

namespace GasLedger.Domain.Callbacks;

/// <summary>An event of an account stream with the id the event store gave it (stable: a rebuild reads the same id).</summary>
public sealed record StreamEvent(Guid Id, Accounts.IAccountEvent Data);

/// <summary>
/// A piece of work a callback follows (R-CB-1): what kind of callback it calls for, its id (the inspection, repair or
/// complaint id; for an installation or an ignition, which have none, the id of the event that recorded it), when it was
/// done and by whom. <see cref="Key"/> is the recording event's id: a complaint resolved twice is two pieces of work
/// with one <see cref="WorkId"/>.
/// </summary>
public sealed record WorkDone(Guid Key, CallbackKind Kind, Guid WorkId, DateTimeOffset At, string? Staff, bool NeedsCallback);

/// <summary>The work of an account that callbacks follow, read from its events in order. Pure.</summary>
public static class CallbackWork
{
    /// <summary>
    /// Every installation, ignition, inspection (a not-home visit is no inspection, R-INSP-2), repair completion and
    /// complaint resolution of the stream. An installation needs a callback only if the application was individual
    /// (散户, R-CB-1); the others always do.
    /// </summary>
    public static IReadOnlyList<WorkDone> Of(IEnumerable<StreamEvent> events)
    {
        var work = new List<WorkDone>();
        var nature = ApplicationNature.Individual;
        var technicians = new Dictionary<Guid, string>();
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case ApplicationSubmitted a:
                    nature = a.Nature;
                    break;
                case RepairDispatched d:
                    technicians[d.RepairId] = d.Technician;
                    break;
                default:
                    if (Done(e, nature, technicians) is { } done) work.Add(done);
                    break;
            }
        }
        return work;
    }

    /// <summary>
    /// The work an event records, if it is work a callback may follow, given the application's nature and the technician
    /// of each repair's latest dispatch.
    /// </summary>
    public static WorkDone? Done(StreamEvent e, ApplicationNature nature, IReadOnlyDictionary<Guid, string> technicians) => e.Data switch
    {
        InstallationCompleted i =>
            new WorkDone(e.Id, CallbackKind.AfterInstallation, e.Id, i.OccurredAt, i.Installer, nature == ApplicationNature.Individual),
        IgnitionCompleted g => new WorkDone(e.Id, CallbackKind.AfterIgnition, e.Id, g.OccurredAt, g.Technician, true),
        InspectionVisited v when v.Outcome != InspectionOutcome.NotHome =>
            new WorkDone(e.Id, CallbackKind.AfterInspection, v.InspectionId, v.OccurredAt, v.Inspector, true),
        RepairCompleted { Done: true } r =>
            new WorkDone(e.Id, CallbackKind.AfterRepair, r.RepairId, r.OccurredAt, technicians.GetValueOrDefault(r.RepairId), true),
        ComplaintResolved c => new WorkDone(e.Id, CallbackKind.AfterComplaint, c.ComplaintId, c.OccurredAt, c.By, true),
        _ => null,
    };

    /// <summary>
    /// The work a callback is about, for attributing its satisfaction: the latest work named by its
    /// <c>followsWorkId</c>, else the latest work of the callback's kind before it. Key-customer and holiday callbacks
    /// follow no work: null.
    /// </summary>
    public static WorkDone? FollowedBy(CallbackMade callback, IReadOnlyList<WorkDone> work)
    {
        var before = work.Where(w => w.At <= callback.OccurredAt).ToArray();
        if (callback.FollowsWorkId is { } id && before.LastOrDefault(w => w.WorkId == id) is { } named)
            return named;
        return before.LastOrDefault(w => w.Kind == callback.Kind);
    }

    /// <summary>The service stage a callback kind is about (R-SAT-4 groups by stage).</summary>
    public static ServiceStage StageOf(CallbackKind kind) => kind switch
    {
        CallbackKind.AfterIgnition => ServiceStage.Ignition,
        CallbackKind.AfterInspection => ServiceStage.Inspection,
        CallbackKind.AfterInstallation => ServiceStage.Installation,
        CallbackKind.AfterRepair => ServiceStage.Repair,
        CallbackKind.AfterComplaint => ServiceStage.Complaint,
        _ => ServiceStage.Other,
    };
}
