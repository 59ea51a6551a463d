using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Complaints;
using GasLedger.Domain.Ignition;
using GasLedger.Domain.Inspections;
using GasLedger.Domain.Installation;
using GasLedger.Domain.Repairs;
using GasLedger.Domain.Supply;
using GasLedger.Domain.Transfers;

namespace GasLedger.Domain.Tests;

/// <summary>What kind of account a given-state is built for; the defaults are a residential multi-storey read meter.</summary>
public sealed record AccountSpec
{
    public CustomerCategory Category { get; init; } = CustomerCategory.Residential;
    public BuildingType? BuildingType { get; init; } = GasLedger.Domain.BuildingType.MultiStorey;
    public MeterType MeterType { get; init; } = MeterType.ReadMeter;
    public PaymentMethod PaymentMethod { get; init; } = PaymentMethod.Counter;
    public BankMandate? Bank { get; init; }
    public ApplicationNature Nature { get; init; } = ApplicationNature.Individual;
    public DateOnly? InvoiceDate { get; init; }
    public bool SpecialCare { get; init; }

    public static AccountSpec Residential { get; } = new();

    public static AccountSpec IcCard { get; } = new() { MeterType = MeterType.IcCard, PaymentMethod = PaymentMethod.TopUp };

    public static AccountSpec NonResidential(CustomerCategory category) => new() { Category = category, BuildingType = null };
}

/// <summary>
/// Given-states: an <see cref="Account"/> built by <see cref="Account.Create"/> and the real events of its history, in
/// order, at fixed business times (September 2026, UTC+8). Nothing reads a clock.
/// </summary>
public static class Given
{
    public static readonly TimeSpan China = TimeSpan.FromHours(8);

    public static DateTimeOffset Day(int month, int day, int hour = 10, int minute = 0, int year = 2026) =>
        new(year, month, day, hour, minute, 0, China);

    public static readonly Guid AccountId = Guid.Parse("a0000000-0000-0000-0000-000000000001");
    public static readonly Guid HolderPartyId = Guid.Parse("b0000000-0000-0000-0000-000000000001");
    public const string Number = "3300000042";

    public static readonly DateTimeOffset AppliedAt = Day(9, 1, 9);
    public static readonly DateTimeOffset FeePaidAt = Day(9, 1, 9, 20);
    public static readonly DateTimeOffset ScheduledAt = Day(9, 2);
    public static readonly DateOnly AppointmentDate = new(2026, 9, 4);
    public static readonly DateTimeOffset InstalledAt = Day(9, 4, 15);
    public static readonly DateTimeOffset IgnitionRequestedAt = Day(9, 5, 9);
    public static readonly DateOnly IgnitionDate = new(2026, 9, 8);
    public static readonly DateTimeOffset GasOnAt = Day(9, 8, 10, 30);
    public static readonly DateTimeOffset SuspendedAt = Day(9, 20);
    public static readonly DateTimeOffset ClosedAt = Day(9, 25);

    /// <summary>A business time after every given-state's history.</summary>
    public static readonly DateTimeOffset Later = Day(10, 10);

    public static ServicePolicy Policy => ServicePolicy.Default;

    public static ApplicationSubmitted Submitted(AccountSpec? spec = null, DateTimeOffset? at = null)
    {
        spec ??= AccountSpec.Residential;
        return new ApplicationSubmitted(AccountId, Number, HolderPartyId, PartyKind.Person, spec.SpecialCare,
            new Address("西湖区", "翠苑一区", "12", "2", "301"), spec.Category, spec.BuildingType, spec.MeterType, spec.PaymentMethod,
            spec.Bank, ApplicationChannel.Counter, spec.Nature, ApplicationPriority.Waiting, null, spec.InvoiceDate, null, at ?? AppliedAt);
    }

    /// <summary>The fee the schedule asks for (R-APP-3); any amount for a non-residential account.</summary>
    public static decimal ScheduledFee(AccountSpec spec) =>
        spec.Category == CustomerCategory.Residential && spec.BuildingType is { } type ? Policy.ResidentialFee(type) : 10_000m;

    public static ApplicationFeePaid Fee(decimal amount, DateTimeOffset? at = null) =>
        new(amount, "33010000123", new DateOnly(2026, 9, 1), at ?? FeePaidAt);

    public static InstallationScheduled Schedule(DateTimeOffset? at = null, DateOnly? appointment = null) =>
        new(InstallationKind.New, appointment ?? AppointmentDate, at ?? ScheduledAt);

    public static InstallationCompleted InstallationDone(DateTimeOffset? at = null) =>
        new("S-1021", "M2026090001", 6.5m, 120m, "镀锌管 6.5m", at ?? InstalledAt);

    public static IgnitionRequested IgnitionRequest(DateTimeOffset? at = null, DateOnly? date = null) =>
        new(date ?? IgnitionDate, at ?? IgnitionRequestedAt);

    public static IgnitionCompleted Ignition(bool flameOut = true, bool airtight = true, DateTimeOffset? at = null) =>
        new("S-2001", flameOut, airtight, new HoseSale(1.5m, 45m, true), null, at ?? GasOnAt);

    // ---- the states of R-ACC-6, each the one before it plus its events ----

    public static Account Applied(AccountSpec? spec = null) => Account.Create(Submitted(spec));

    /// <summary>Applied and the scheduled fee paid: the account is installing, not yet scheduled.</summary>
    public static Account FeePaid(AccountSpec? spec = null) =>
        Applied(spec).Apply(Fee(ScheduledFee(spec ?? AccountSpec.Residential)));

    public static Account Scheduled(AccountSpec? spec = null) => FeePaid(spec).Apply(Schedule());

    public static Account Installed(AccountSpec? spec = null) => Scheduled(spec).Apply(InstallationDone());

    public static Account GasOnRequested(AccountSpec? spec = null) => Installed(spec).Apply(IgnitionRequest());

    /// <summary>Gas on at <see cref="GasOnAt"/> (2026-09-08 10:30 +08).</summary>
    public static Account Active(AccountSpec? spec = null) => GasOnRequested(spec).Apply(Ignition());

    public static Account Suspended(AccountSpec? spec = null) =>
        Active(spec).Apply(new SupplySuspended(SuspensionReason.Arrears, null, null, SuspendedAt));

    public static Account Closed(AccountSpec? spec = null) =>
        Active(spec).Apply(new AccountClosed(ClosureReason.HolderRequest, ClosedAt));

    // ---- events of later work ----

    public static InspectionVisited Inspection(InspectionOutcome outcome, DateTimeOffset? at = null, Guid? id = null) =>
        new(id ?? Guid.NewGuid(), "S-3001", outcome, false, null, at ?? Later);

    public static HazardFound Hazard(HazardSeverity severity, Guid? inspectionId = null, Guid? repairId = null,
        HazardCode code = HazardCode.AgedHose, DateTimeOffset? at = null, Guid? id = null) =>
        new(id ?? Guid.NewGuid(), inspectionId, repairId, code, severity, null, at ?? Later);

    public static ComplaintFiled Complaint(ComplaintCategory category = ComplaintCategory.Charges, DateTimeOffset? at = null, Guid? id = null) =>
        new(id ?? Guid.NewGuid(), "TS-202610-0001", ComplaintChannel.Phone, category, ComplaintComplexity.Simple, "点火时收软管费未开票",
            "S-5001", at ?? Later);

    public static RepairReported Repair(DateTimeOffset? at = null, Guid? id = null, bool emergency = false) =>
        new(id ?? Guid.NewGuid(), emergency, "灶具打不着火", RepairLocation.Urban, null, "S-5002", at ?? Later);

    public static CallbackMade Callback(bool reached, SatisfactionLevel? satisfaction, DateTimeOffset? at = null) =>
        new(Guid.NewGuid(), CallbackKind.AfterIgnition, "S-6001", null, reached, satisfaction, false, null, null, at ?? Later);

    public static UsageRecorded Usage(decimal m3, DateOnly periodEnd, UsageKind kind = UsageKind.MeterReading) =>
        new(Guid.NewGuid(), kind, m3, periodEnd, null, new DateTimeOffset(periodEnd.Year, periodEnd.Month, periodEnd.Day, 12, 0, 0, China));

    /// <summary>Folds events onto a state, as the event store does: by each event's <c>Apply</c> (<see cref="City.AccountFold"/>).</summary>
    public static Account Fold(this Account account, params IAccountEvent[] events) => AccountFold.Fold(account, events);

    /// <summary>The events of an accepted decision applied to the state it was taken on.</summary>
    public static Account After(this Account account, Decision decision) => AccountFold.Fold(account, Expect.Accepted(decision));
}

/// <summary>Assertions on a <see cref="Decision"/>: each checks the subtype and hands back what it carries.</summary>
public static class Expect
{
    public static IReadOnlyList<IAccountEvent> Accepted(Decision decision) =>
        Assert.IsType<Decision.Accept>(decision).Events;

    /// <summary>Accepted with exactly the one event given (the decision passes the command's event through).</summary>
    public static void AcceptedAsIs(Decision decision, IAccountEvent command) =>
        Assert.Same(command, Assert.Single(Accepted(decision)));

    /// <summary>Invalid with exactly these field errors, each carrying a message.</summary>
    public static IReadOnlyDictionary<string, string[]> Invalid(Decision decision, params string[] fields)
    {
        var errors = Assert.IsType<Decision.Invalid>(decision).Errors;
        Assert.Equal(fields.OrderBy(f => f, StringComparer.Ordinal), errors.Keys.OrderBy(f => f, StringComparer.Ordinal));
        Assert.All(errors.Values, messages => Assert.All(messages, m => Assert.False(string.IsNullOrWhiteSpace(m))));
        return errors;
    }

    public static string Conflict(Decision decision, params string[] detailContains)
    {
        var detail = Assert.IsType<Decision.Conflict>(decision).Detail;
        foreach (var part in detailContains) Assert.Contains(part, detail);
        return detail;
    }

    public static string Missing(Decision decision, params string[] detailContains)
    {
        var detail = Assert.IsType<Decision.Missing>(decision).Detail;
        foreach (var part in detailContains) Assert.Contains(part, detail);
        return detail;
    }

    /// <summary>The field names of a rule check (<see cref="FieldErrors"/>), sorted.</summary>
    public static string[] Fields(FieldErrors errors) => errors.ToDictionary().Keys.OrderBy(f => f, StringComparer.Ordinal).ToArray();
}
