using GasLedger.City;
using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Complaints;
using GasLedger.Domain.Ignition;
using GasLedger.Domain.Inspections;
using GasLedger.Domain.Repairs;
using GasLedger.Domain.Supply;
using GasLedger.Domain.TimeLimits;
using GasLedger.Domain.Transfers;
using Xunit.Abstractions;

namespace GasLedger.Domain.Tests.SyntheticCity;

/// <summary>A city of 20,000 accounts has a utility's proportions and rates (CityMix), within tolerance.</summary>
public class CityProportionTests(ITestOutputHelper output)
{
    private sealed class Tally
    {
        public int Accounts, Residential, WithGasOn, Closed, IcCard, DirectDebit, Collective, SpecialCare;
        public double ActiveYears, ResidentialActiveYears, OtherActiveYears, PublicServiceActiveYears;
        public long Events, ActiveEvents;
        public int Complaints, AccountsWithComplaint, RepliedInTime, Repairs, Emergencies, Transfers, Closures, ArrearsSuspensions, HazardSuspensions;
        public int ResidentialInspections, OtherInspections, PublicServiceInspections, NotHome, Visits, Hazards, Rectified, Usage, Callbacks, Ratings;
        public int InspectionsCounted, InspectionCallbacks;
        public readonly Dictionary<CommitmentKind, (int Met, int Breached)> TimeLimits = new();
        public readonly Dictionary<CallbackKind, (int OnTime, int Owed)> CallbackRates = new();
        public readonly Dictionary<string, int> Kinds = new();
        public int Declined, PreMetered, AgreementsSigned, ReadMeterActive, CounterPayers;
        public double IcActiveYears, ReadMeterActiveYears;
    }

    [Fact]
    public void Twenty_thousand_accounts_have_a_utilitys_proportions_and_rates()
    {
        var options = new CityOptions { Accounts = 20_000 };
        var now = new DateTimeOffset(options.End.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).AddDays(1);
        var t = new Tally();
        var replyLimit = TimeSpan.FromHours(ServicePolicy.Default.ComplaintReplyHours);
        foreach (var account in new CityGenerator(options, ServicePolicy.Default).Accounts())
        {
            t.Accounts++;
            var submitted = (Applications.ApplicationSubmitted)account.Events[0].Data;
            var residential = submitted.Category == CustomerCategory.Residential;
            if (residential) t.Residential++;
            if (submitted.MeterType == MeterType.IcCard) t.IcCard++;
            if (submitted.PaymentMethod == PaymentMethod.BankDirectDebit) t.DirectDebit++;
            if (submitted.Nature == ApplicationNature.Collective) t.Collective++;
            if (submitted.SpecialCare) t.SpecialCare++;
            t.Events += account.Events.Count;

            var gasOn = account.Events.Select(e => e.Data).OfType<IgnitionCompleted>().FirstOrDefault()?.OccurredAt;
            var closed = account.Events.Select(e => e.Data).OfType<AccountClosed>().FirstOrDefault()?.OccurredAt;
            if (closed is not null) t.Closed++;
            if (gasOn is { } on)
            {
                t.WithGasOn++;
                var years = ((closed ?? now) - on).TotalDays / 365.25;
                t.ActiveYears += years;
                if (residential) t.ResidentialActiveYears += years;
                else if (submitted.Category == CustomerCategory.PublicService) t.PublicServiceActiveYears += years;
                else t.OtherActiveYears += years;
                t.ActiveEvents += account.Events.Count(e => e.Data.OccurredAt >= on);
            }

            if (submitted.PreMeteredSerial is not null) t.PreMetered++;
            if (submitted.SupplyContractSigned) t.AgreementsSigned++;
            if (account.Events.Any(e => e.Data is Applications.ApplicationDeclined)) t.Declined++;
            if (gasOn is { } g)
            {
                var years = ((closed ?? now) - g).TotalDays / 365.25;
                if (submitted.MeterType == MeterType.IcCard) t.IcActiveYears += years; else t.ReadMeterActiveYears += years;
            }
            var filed = new Dictionary<Guid, DateTimeOffset>();
            foreach (var e in account.Events.Select(e => e.Data))
            {
                t.Kinds[e.GetType().Name] = t.Kinds.GetValueOrDefault(e.GetType().Name) + 1;
                switch (e)
                {
                    case ComplaintFiled f: t.Complaints++; filed[f.ComplaintId] = f.OccurredAt; break;
                    case ComplaintReplied r when r.OccurredAt - filed[r.ComplaintId] <= replyLimit: t.RepliedInTime++; break;
                    case RepairReported r: t.Repairs++; if (r.Emergency) t.Emergencies++; break;
                    case HolderTransferred: t.Transfers++; break;
                    case AccountClosed: t.Closures++; break;
                    case SupplySuspended { Reason: SuspensionReason.Arrears }: t.ArrearsSuspensions++; break;
                    case SupplySuspended { Reason: SuspensionReason.Hazard }: t.HazardSuspensions++; break;
                    case InspectionVisited v:
                        t.Visits++;
                        if (v.Outcome == InspectionOutcome.NotHome) t.NotHome++;
                        else
                        {
                            t.InspectionsCounted++;
                            if (residential) t.ResidentialInspections++;
                            else if (submitted.Category == CustomerCategory.PublicService) t.PublicServiceInspections++;
                            else t.OtherInspections++;
                        }
                        break;
                    case HazardFound: t.Hazards++; break;
                    case HazardRectified: t.Rectified++; break;
                    case UsageRecorded: t.Usage++; break;
                    case CallbackMade c:
                        t.Callbacks++;
                        if (c.Kind == CallbackKind.AfterInspection && c.Reached) t.InspectionCallbacks++;
                        break;
                    case RatingGiven: t.Ratings++; break;
                }
            }
            if (filed.Count > 0) t.AccountsWithComplaint++;

            foreach (var item in CallbackPlan.Of(account.Events.Select(e => new StreamEvent(e.Id, e.Data)).ToArray(), ServicePolicy.Default))
            {
                if (item.Cancelled || item.WindowEnd >= options.End) continue;
                var (onTime, owed) = t.CallbackRates.GetValueOrDefault(item.Kind);
                t.CallbackRates[item.Kind] = (onTime + (item.OnTime ? 1 : 0), owed + 1);
            }

            AccountTimeLimits? limits = null;
            for (var v = 0; v < account.Events.Count; v++)
                limits = AccountTimeLimits.Follow(limits, account.AccountId, account.Events[v].Data, v + 1, Calendar.WorkingCalendar.Official, ServicePolicy.Default);
            foreach (var item in limits!.Items.Values)
            {
                var (met, breached) = t.TimeLimits.GetValueOrDefault(item.Kind);
                t.TimeLimits[item.Kind] = item.StateAt(now) switch
                {
                    WorkState.Met => (met + 1, breached),
                    WorkState.Breached => (met, breached + 1),
                    _ => (met, breached),
                };
            }
        }

        double Share(int n) => (double)n / t.Accounts;
        double PerYear(double n) => n / t.ActiveYears;
        var eventsPerYear = t.ActiveEvents / t.ActiveYears;
        output.WriteLine($"accounts {t.Accounts}, events {t.Events} ({(double)t.Events / t.Accounts:F1} per account), with gas on {t.WithGasOn}, closed {t.Closed}, active account-years {t.ActiveYears:F0}");
        output.WriteLine($"residential {Share(t.Residential):P1}, IC card {Share(t.IcCard):P1}, direct debit {Share(t.DirectDebit):P1}, collective {Share(t.Collective):P1}, special care {Share(t.SpecialCare):P1}");
        output.WriteLine($"events per active account-year {eventsPerYear:F1}; usage {PerYear(t.Usage):F1}, callbacks {PerYear(t.Callbacks):F2}, ratings {PerYear(t.Ratings):F2}");
        output.WriteLine($"inspections per year: residential {t.ResidentialInspections / t.ResidentialActiveYears:F2}, public service {t.PublicServiceInspections / t.PublicServiceActiveYears:F2}, other {t.OtherInspections / t.OtherActiveYears:F2}; not home {(double)t.NotHome / t.Visits:P1} of visits; hazards {(double)t.Hazards / t.InspectionsCounted:P1} per inspection, rectified {(double)t.Rectified / t.Hazards:P1}");
        output.WriteLine($"complaints {PerYear(t.Complaints):P2} a year, replied within 48 h {(double)t.RepliedInTime / t.Complaints:P1}; repairs {PerYear(t.Repairs):P2} a year ({(double)t.Emergencies / t.Repairs:P1} emergencies)");
        output.WriteLine($"transfers {PerYear(t.Transfers):P2}, closures {PerYear(t.Closures):P2}, arrears suspensions {PerYear(t.ArrearsSuspensions):P2}, hazard suspensions {PerYear(t.HazardSuspensions):P3} a year; inspection callbacks reached {(double)t.InspectionCallbacks / t.InspectionsCounted:P1}");

        output.WriteLine("time limits met: " + string.Join(", ", t.TimeLimits.OrderBy(k => k.Key)
            .Select(k => $"{k.Key} {(double)k.Value.Met / (k.Value.Met + k.Value.Breached):P1} of {k.Value.Met + k.Value.Breached}")));

        output.WriteLine("callbacks made in their window: " + string.Join(", ", t.CallbackRates.OrderBy(k => k.Key)
            .Select(k => $"{k.Key} {(double)k.Value.OnTime / k.Value.Owed:P1} of {k.Value.Owed}")));

        int Kind(string name) => t.Kinds.GetValueOrDefault(name);
        output.WriteLine($"declined {Share(t.Declined):P2}, pre-metered {Share(t.PreMetered):P2}, agreements signed {Share(t.AgreementsSigned):P1}; " +
            $"a year: contact changes {PerYear(Kind("ContactChanged")):P2}, payment-method changes {PerYear(Kind("PaymentMethodChanged")):P2}, " +
            $"meters replaced {PerYear(Kind("MeterReplaced")):P2}, cards reissued {Kind("IcCardReissued") / t.IcActiveYears:P2} of IC accounts, " +
            $"bills paid {Kind("BillPaid") / t.ReadMeterActiveYears:F2} per read meter, bill queries {PerYear(Kind("BillQueried")):P2}, " +
            $"safety material {PerYear(Kind("SafetyMaterialHanded")):P1}, key designations {Kind("KeyCustomerDesignated")}, " +
            $"clocks paused {Kind("ClockPaused")}, interruptions {PerYear(Kind("SupplyInterrupted")):P1} (restored {Kind("SupplyRestored")})");
        Assert.InRange(Share(t.Declined), 0.005, 0.015);
        Assert.InRange(Share(t.AgreementsSigned), 0.95, 0.99);
        Assert.InRange((double)t.PreMetered / t.Collective, 0.2, 0.3);
        Assert.InRange(PerYear(Kind("ContactChanged")), 0.03, 0.05);
        Assert.InRange(PerYear(Kind("MeterReplaced")), 0.02, 0.04);
        Assert.InRange(Kind("IcCardReissued") / t.IcActiveYears, 0.015, 0.025);
        Assert.InRange(PerYear(Kind("SafetyMaterialHanded")), 0.8, 1.0); // a round a year, from the year after gas-on
        Assert.InRange(PerYear(Kind("SupplyInterrupted")), 0.25, 0.55);
        // Restored and resumed, but for an account closed in the window or a history that ends while the clock stands.
        Assert.InRange(Kind("SupplyInterrupted") - Kind("SupplyRestored"), 0, Kind("SupplyInterrupted") / 100);
        Assert.InRange(Kind("ClockPaused") - Kind("ClockResumed"), 0, Kind("ClockPaused") / 100);
        Assert.True(Kind("ClockPaused") > 0 && Kind("KeyCustomerDesignated") > 0 && Kind("BillPaid") > 0 && Kind("PaymentMethodChanged") > 0);
        Assert.True(Kind("RatingGiven") > 0 && Kind("BillQueried") > 0);
        Assert.InRange(Share(t.Residential), 0.92, 0.96);
        foreach (var (kind, (onTime, owed)) in t.CallbackRates.Where(k => k.Value.Owed >= 100 && ServicePolicy.Default.RequiredCallbackRate(k.Key) is not null))
            Assert.True((double)onTime / owed >= (double)ServicePolicy.Default.RequiredCallbackRate(kind)!.Value - 0.08,
                $"{kind}: {onTime} of {owed} callbacks in their window");
        foreach (var (kind, (met, breached)) in t.TimeLimits.Where(k => k.Value.Met + k.Value.Breached >= 100))
            Assert.True((double)met / (met + breached) >= 0.9 && breached > 0, $"{kind}: {met} met, {breached} breached: most kept, a few late");
        Assert.InRange(eventsPerYear, 10, 20);
        Assert.InRange(PerYear(t.Complaints), 0.02, 0.04);
        Assert.InRange((double)t.AccountsWithComplaint / t.WithGasOn, 0.03, 0.20);
        Assert.InRange(t.ResidentialInspections / t.ResidentialActiveYears, 0.85, 1.15);
        Assert.InRange(t.OtherInspections / t.OtherActiveYears, 1.7, 2.3);
        Assert.InRange(t.PublicServiceInspections / t.PublicServiceActiveYears, 4.2, 5.2);
        Assert.InRange((double)t.NotHome / t.Visits, 0.08, 0.16);
        Assert.InRange(PerYear(t.Repairs), 0.05, 0.10);
        Assert.InRange(PerYear(t.Transfers), 0.01, 0.03);
        Assert.InRange(PerYear(t.Closures), 0.005, 0.025);
        Assert.InRange((double)t.RepliedInTime / t.Complaints, 0.93, 0.99);
        Assert.InRange((double)t.InspectionCallbacks / t.InspectionsCounted, 0.80, 0.90);
        Assert.InRange((double)t.Rectified / t.Hazards, 0.8, 1.0);
    }
}
