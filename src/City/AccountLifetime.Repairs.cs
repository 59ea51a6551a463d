using GasLedger.Domain.Inspections;
using GasLedger.Domain.Repairs;
using Desk = GasLedger.City.CityMap.Desk;

namespace GasLedger.City;

/// <summary>One account's history: repairs and emergencies (R-REP).</summary>
internal sealed partial class AccountLifetime
{
    /// <summary>
    /// 报修 / 报警 (R-REP-1/2): reported on the 24-hour hotline, dispatched, on site within 6 hours (an emergency within
    /// 30 minutes), repaired within 24 hours, some hazards noted; called back within days (R-REP-3), sometimes rated.
    /// </summary>
    private void ReportRepair(DateTimeOffset at)
    {
        var emergency = _rng.Chance(CityMix.EmergencyShare);
        var reportAt = at;
        var repairId = _rng.Version7(reportAt);
        var hotline = Staff(Desk.Hotline);
        var reported = new RepairReported(repairId, emergency, emergency ? WorkTexts.Emergency : _rng.Pick(WorkTexts.Repairs),
            _rng.Chance(0.8) ? RepairLocation.Urban : RepairLocation.Suburban,
            emergency || _rng.Chance(0.6) ? null : Day(reportAt).AddDays(_rng.Between(0, 1)), hotline, reportAt);
        Record("report a repair", RepairDecisions.Report(_account, reported), reportAt, hotline);

        var technician = Staff(Desk.Installer);
        var arriveAt = emergency
            ? reportAt.AddMinutes(Late() ? _rng.Between(_policy.EmergencyArrivalMinutes + 1, 75)
                : _rng.Between(8, _policy.EmergencyArrivalMinutes - 1))
            : reportAt.AddMinutes(Late() ? _rng.Between(_policy.RepairHandlingHours * 60 + 10, 20 * 60)
                : _rng.Between(40, _policy.RepairHandlingHours * 60 - 10));
        var dispatchAt = reportAt.AddMinutes(Math.Min(emergency ? 5 : 30, (arriveAt - reportAt).TotalMinutes / 2));
        var completeAt = arriveAt.AddMinutes(_rng.Chance(0.97) ? _rng.Between(20, 180) : _rng.Between(24 * 60, 30 * 60));
        Later(dispatchAt, t => Record("dispatch a repair",
            RepairDecisions.Dispatch(_account, new RepairDispatched(repairId, technician, t)), t, Staff(Desk.Hotline)));
        Later(arriveAt, t => Record("mark arrival", RepairDecisions.Arrive(_account, new TechnicianArrived(repairId, t)), t, technician));
        Later(completeAt, t =>
        {
            var hazards = emergency && _rng.Chance(0.5)
                ? [new HazardFound(_rng.Version7(t), null, repairId, HazardCode.Leak, HazardSeverity.Severe,
                    WorkTexts.Hazard(HazardCode.Leak), t)]
                : _rng.Chance(0.06) ? Hazards(t, null, repairId, 1) : [];
            var charge = _rng.Chance(0.3) ? new Charge(10m * _rng.Between(2, 20), !_rng.Chance(0.02)) : null;
            Record("complete a repair",
                RepairDecisions.Complete(_account, new RepairCompleted(repairId, true, charge, null, t), hazards, _policy), t, technician);
            AfterHazards(t, hazards);
            var callbackAt = Late()
                ? CallCentre(Day(t).AddDays(_rng.Between(_policy.AfterWorkCallbackDays, _policy.AfterWorkCallbackDays + 4)))
                : t.AddMinutes(_rng.Between(10, 36 * 60));
            Later(callbackAt, c => Callback(c, CallbackKind.AfterRepair, repairId, irregular: charge is { Invoiced: false }));
            if (_rng.Chance(0.4)) Later(t.AddMinutes(_rng.Between(5, 30)), r => TechnicianRating(r, technician, ServiceStage.Repair));
        });
    }
}
