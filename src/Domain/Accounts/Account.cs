using System.Collections.Immutable;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Complaints;
using GasLedger.Domain.Ignition;
using GasLedger.Domain.Inspections;
using GasLedger.Domain.Installation;
using GasLedger.Domain.Repairs;
using GasLedger.Domain.Supply;
using GasLedger.Domain.Transfers;

namespace GasLedger.Domain.Accounts;

/// <summary>
/// 户 — one supply point and its whole lifecycle (R-ACC-1), folded from its event stream. Immutable: every
/// <c>Apply</c> returns a new state and reads nothing but the event. The decisions read it; Marten keeps it as the
/// inline snapshot that <c>GET /api/accounts/{id}</c> answers from.
/// </summary>
public sealed record Account
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public string Number { get; init; } = "";
    public AccountStatus Status { get; init; }
    public CustomerCategory Category { get; init; }
    public BuildingType? BuildingType { get; init; }
    public MeterType MeterType { get; init; }
    public PaymentMethod PaymentMethod { get; init; }
    public BankMandate? Bank { get; init; }
    public Guid HolderPartyId { get; init; }
    public PartyKind HolderKind { get; init; }
    public bool SpecialCare { get; init; }
    public Address Address { get; init; } = new("", "", "", null, null);
    public ApplicationChannel Channel { get; init; }
    public ApplicationNature Nature { get; init; }
    public ApplicationPriority Priority { get; init; }
    public string? SmsProvider { get; init; }
    public DateOnly? InvoiceDate { get; init; }
    public DateTimeOffset AppliedAt { get; init; }

    /// <summary>The latest business time in the stream: a new event may not be earlier.</summary>
    public DateTimeOffset LastOccurredAt { get; init; }

    public FeeRecord? Fee { get; init; }
    public InstallationRecord? Installation { get; init; }
    public IgnitionRequestRecord? IgnitionRequest { get; init; }
    public DateTimeOffset? GasOnAt { get; init; }
    public string? IgnitionTechnician { get; init; }
    public DateTimeOffset? LastInspectedAt { get; init; }

    /// <summary>R-INSP-3: when the holder's open request for an inspection was made.</summary>
    public DateTimeOffset? InspectionRequestedAt { get; init; }
    public ImmutableDictionary<Guid, HazardRecord> Hazards { get; init; } = ImmutableDictionary<Guid, HazardRecord>.Empty;
    public ImmutableDictionary<Guid, ComplaintRecord> Complaints { get; init; } = ImmutableDictionary<Guid, ComplaintRecord>.Empty;
    public ImmutableDictionary<Guid, RepairRecord> Repairs { get; init; } = ImmutableDictionary<Guid, RepairRecord>.Empty;
    public ImmutableHashSet<Guid> Inspections { get; init; } = ImmutableHashSet<Guid>.Empty;

    /// <summary>R-INSP-1/2: when the inspections that count took place (not-home visits do not count).</summary>
    public ImmutableList<DateTimeOffset> InspectedAt { get; init; } = ImmutableList<DateTimeOffset>.Empty;
    public SuspensionRecord? Suspension { get; init; }

    /// <summary>
    /// R-SUP-4: the area interruptions this account had, by id: every open one and the latest restored ones (an
    /// interruption's messages delivered again find it here and add nothing).
    /// </summary>
    public ImmutableDictionary<Guid, InterruptionRecord> Interruptions { get; init; } = ImmutableDictionary<Guid, InterruptionRecord>.Empty;

    /// <summary>How many restored interruptions an account keeps beside its open ones.</summary>
    public const int RestoredInterruptionsKept = 8;

    /// <summary>
    /// R-SUP-3: volume (m³) per month of the reading's period end, "yyyy-MM", in ordinal order (the same as the
    /// calendar's for these keys; the default, culture-aware comparer cost 7 % of the importer's time). A reading
    /// keeps the order of the months before it, and a stored account is read straight into it (<see cref="UsageByMonthJson"/>).
    /// </summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(UsageByMonthJson))]
    public ImmutableSortedDictionary<string, decimal> UsageByMonth { get; init; } = NoUsage;

    private static readonly ImmutableSortedDictionary<string, decimal> NoUsage =
        ImmutableSortedDictionary.Create<string, decimal>(StringComparer.Ordinal);

    /// <summary>R-CLS-5: the satisfaction of the latest callback that reached the holder.</summary>
    public SatisfactionLevel? LastCallbackSatisfaction { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public ClosureReason? ClosureReason { get; init; }

    /// <summary>R-ACC-7: the serial of the meter in place: installed, or fitted by the latest replacement.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? MeterSerial => FittedMeterSerial ?? Installation?.MeterSerial;

    /// <summary>The serial of a meter fitted otherwise than by installation: by the developer (R-APP-7) or a replacement (R-ACC-7).</summary>
    public string? FittedMeterSerial { get; init; }

    /// <summary>R-CLS-6: the account's designations as key, in order; the last is open while it holds.</summary>
    public ImmutableList<KeyDesignation> KeyDesignations { get; init; } = ImmutableList<KeyDesignation>.Empty;

    /// <summary>R-CLS-4/6: the account's customer manager (客户经理).</summary>
    public string? CustomerManager { get; init; }

    /// <summary>R-TL-1: the visits the holder asked for, by id.</summary>
    public ImmutableDictionary<Guid, Visits.VisitRecord> Visits { get; init; } = ImmutableDictionary<Guid, Visits.VisitRecord>.Empty;

    /// <summary>R-APP-8: the latest year the holder had the safety material (the application's year, or a yearly round's).</summary>
    public int? SafetyMaterialYear { get; init; }

    /// <summary>R-APP-8: the supply contract and the safe-use agreement were signed at application.</summary>
    public bool AgreementsSigned { get; init; }

    public IEnumerable<HazardRecord> OpenHazards => Hazards.Values.Where(h => h.RectifiedAt is null);

    /// <summary>R-APP-3: installation may be scheduled once the fee is paid or a collective invoice is on record.</summary>
    public bool FeeSettled => Fee is not null || Nature == ApplicationNature.Collective && InvoiceDate is not null;

    public static Account Create(ApplicationSubmitted e) => new()
    {
        Id = e.AccountId,
        Number = e.AccountNumber,
        Category = e.Category,
        BuildingType = e.BuildingType,
        MeterType = e.MeterType,
        PaymentMethod = e.PaymentMethod,
        Bank = e.Bank,
        HolderPartyId = e.HolderPartyId,
        HolderKind = e.HolderKind,
        SpecialCare = e.SpecialCare,
        Address = e.Address,
        Channel = e.Channel,
        Nature = e.Nature,
        Priority = e.Priority,
        SmsProvider = e.SmsProvider,
        InvoiceDate = e.InvoiceDate,
        AppliedAt = e.OccurredAt,
        LastOccurredAt = e.OccurredAt,
        // R-APP-7: a home the developer metered goes straight to its gas-on request: installed, with that meter.
        Status = e.PreMeteredSerial is null ? AccountStatus.Applied : AccountStatus.Installed,
        FittedMeterSerial = e.PreMeteredSerial,
        SafetyMaterialYear = e.LeafletsReceived ? e.OccurredAt.Year : null,
        AgreementsSigned = e.SupplyContractSigned && e.SafeUseAgreementSigned,
    };

    public Account Apply(SafetyMaterialHanded e) => At(e) with { SafetyMaterialYear = e.Year };

    public Account Apply(ApplicationFeePaid e) => At(e) with
    {
        Fee = new FeeRecord(e.Amount, e.InvoiceNumber, e.InvoiceDate, e.OccurredAt),
        Status = AccountStatus.Installing,
    };

    public Account Apply(InstallationScheduled e) => At(e) with
    {
        Installation = new InstallationRecord(e.Kind, e.AppointmentDate, e.OccurredAt, null, null, null),
        Status = AccountStatus.Installing,
    };

    public Account Apply(InstallationCompleted e) => At(e) with
    {
        Installation = Installation! with { CompletedAt = e.OccurredAt, Installer = e.Installer, MeterSerial = e.MeterSerial },
        Status = AccountStatus.Installed,
    };

    public Account Apply(IgnitionRequested e) => At(e) with { IgnitionRequest = new IgnitionRequestRecord(e.RequestedDate, e.OccurredAt) };

    public Account Apply(IgnitionCompleted e) => At(e) with
    {
        IgnitionRequest = null,
        GasOnAt = e.OccurredAt,
        IgnitionTechnician = e.Technician,
        Status = AccountStatus.Active,
    };

    public Account Apply(IgnitionRefused e) => At(e) with { IgnitionRequest = null };

    public Account Apply(InspectionRequested e) => At(e) with { InspectionRequestedAt = e.OccurredAt };

    public Account Apply(InspectionVisited e) => At(e) with
    {
        InspectionRequestedAt = e.Outcome == InspectionOutcome.NotHome ? InspectionRequestedAt : null,
        Inspections = Inspections.Add(e.InspectionId),
        LastInspectedAt = e.Outcome == InspectionOutcome.NotHome ? LastInspectedAt : e.OccurredAt,
        InspectedAt = e.Outcome == InspectionOutcome.NotHome ? InspectedAt : InspectedAt.Add(e.OccurredAt),
    };

    public Account Apply(HazardFound e) => At(e) with
    {
        Hazards = Hazards.SetItem(e.HazardId,
            new HazardRecord(e.HazardId, e.Code, e.Severity, e.InspectionId, e.RepairId, e.OccurredAt, null)),
    };

    public Account Apply(HazardRectified e) => At(e) with
    {
        Hazards = Hazards.SetItem(e.HazardId, Hazards[e.HazardId] with { RectifiedAt = e.OccurredAt }),
    };

    public Account Apply(HolderTransferred e) => At(e) with
    {
        HolderPartyId = e.NewHolderPartyId,
        HolderKind = e.NewHolderKind,
        SpecialCare = e.SpecialCare,
        PaymentMethod = e.PaymentMethod,
        Bank = e.Bank,
    };

    public Account Apply(ComplaintFiled e) => At(e) with
    {
        Complaints = Complaints.SetItem(e.ComplaintId,
            new ComplaintRecord(e.ComplaintId, e.ComplaintNumber, e.Category, e.Complexity, ComplaintStatus.Open, false, e.OccurredAt)),
    };

    public Account Apply(ComplaintEscalated e) => At(e) with
    {
        Complaints = Complaints.SetItem(e.ComplaintId, Complaints[e.ComplaintId] with { Escalated = true })
    };

    public Account Apply(ComplaintReplied e) => WithComplaint(e, e.ComplaintId, ComplaintStatus.Replied);

    public Account Apply(ComplaintResolved e) => WithComplaint(e, e.ComplaintId, ComplaintStatus.Resolved);

    public Account Apply(ComplaintFollowedUp e) => At(e);

    public Account Apply(ComplaintReopened e) =>
        At(e) with { Complaints = Complaints.SetItem(e.ComplaintId, Complaints[e.ComplaintId] with { Status = ComplaintStatus.Reopened, Acknowledged = false }) };

    public Account Apply(ComplaintAcknowledged e) => Complaint(e, e.ComplaintId, c => c with { Acknowledged = true });

    public Account Apply(ComplaintAssigned e) => Complaint(e, e.ComplaintId, c => c with { Department = e.Department });

    public Account Apply(ComplaintProgressed e) => At(e);

    public Account Apply(ComplaintResultNoticeSent e) => Complaint(e, e.ComplaintId, c => c with { ResultNoticeSent = true });

    public Account Apply(ComplaintVerified e) => Complaint(e, e.ComplaintId, c => c with { Verification = e.Verification });

    public Account Apply(ConductRewardPaid e) => Complaint(e, e.ComplaintId, c => c with { RewardPaid = true });

    public Account Apply(ComplaintClosed e) => WithComplaint(e, e.ComplaintId, ComplaintStatus.Closed);

    public Account Apply(RepairReported e) => At(e) with
    {
        Repairs = Repairs.SetItem(e.RepairId, new RepairRecord(e.RepairId, e.Emergency, RepairStatus.Reported, null, e.OccurredAt)),
    };

    public Account Apply(RepairDispatched e) => At(e) with
    {
        Repairs = Repairs.SetItem(e.RepairId, Repairs[e.RepairId] with { Status = RepairStatus.Dispatched, Technician = e.Technician }),
    };

    public Account Apply(TechnicianArrived e) => At(e) with
    {
        Repairs = Repairs.SetItem(e.RepairId, Repairs[e.RepairId] with { Status = RepairStatus.OnSite }),
    };

    public Account Apply(RepairCompleted e) => At(e) with
    {
        // R-REP-4: a failed airtightness test keeps the repair on site.
        Repairs = Repairs.SetItem(e.RepairId, Repairs[e.RepairId] with { Status = e.Done ? RepairStatus.Completed : RepairStatus.OnSite }),
    };

    public Account Apply(CallbackMade e) => At(e) with
    {
        LastCallbackSatisfaction = e.Reached && e.Satisfaction is not null ? e.Satisfaction : LastCallbackSatisfaction,
    };

    public Account Apply(RatingGiven e) => At(e);

    public Account Apply(UsageRecorded e)
    {
        var month = Classifier.MonthKey(e.PeriodEnd);
        return At(e) with { UsageByMonth = UsageByMonth.SetItem(month, UsageByMonth.GetValueOrDefault(month) + e.VolumeM3) };
    }

    public Account Apply(SupplySuspended e) => At(e) with
    {
        Status = AccountStatus.Suspended,
        Suspension = new SuspensionRecord(e.Reason, e.HazardId, e.OccurredAt),
    };

    public Account Apply(SupplyResumed e) => At(e) with { Status = AccountStatus.Active, Suspension = null };

    public Account Apply(SupplyInterrupted e) => At(e) with
    {
        Interruptions = Interruptions.SetItem(e.InterruptionId, new InterruptionRecord(e.InterruptionId, e.Kind, e.OccurredAt, null)),
    };

    public Account Apply(SupplyRestored e)
    {
        var kept = Interruptions.SetItem(e.InterruptionId, Interruptions[e.InterruptionId] with { RestoredAt = e.OccurredAt });
        var restored = kept.Values.Where(i => i.RestoredAt is not null).OrderByDescending(i => i.RestoredAt).ThenBy(i => i.Id)
            .Skip(RestoredInterruptionsKept).Select(i => i.Id).ToArray();
        return At(e) with { Interruptions = kept.RemoveRange(restored) };
    }

    public Account Apply(Counter.ContactChanged e) => At(e) with { SmsProvider = e.SmsProvider ?? SmsProvider };

    public Account Apply(Counter.PaymentMethodChanged e) => At(e) with { PaymentMethod = e.PaymentMethod, Bank = e.Bank };

    public Account Apply(Counter.MeterReplaced e) => At(e) with
    {
        FittedMeterSerial = e.NewSerial,
        MeterType = e.MeterType,
        PaymentMethod = e.PaymentMethod,
        Bank = e.PaymentMethod == PaymentMethod.BankDirectDebit ? Bank : null,
    };

    public Account Apply(Counter.IcCardReissued e) => At(e);

    public Account Apply(Counter.BillPaid e) => At(e);

    public Account Apply(Counter.BillQueried e) => At(e);

    public Account Apply(ApplicationDeclined e) => At(e);

    public Account Apply(Visits.VisitRequested e) =>
        At(e) with { Visits = Visits.SetItem(e.VisitId, new Visits.VisitRecord(e.VisitId, e.Kind, e.OccurredAt, null)) };

    public Account Apply(Visits.VisitDone e) =>
        At(e) with { Visits = Visits.SetItem(e.VisitId, Visits[e.VisitId] with { DoneAt = e.OccurredAt }) };

    public Account Apply(TimeLimits.ClockPaused e) => At(e);

    public Account Apply(TimeLimits.ClockResumed e) => At(e);

    public Account Apply(RepairReferred e) =>
        At(e) with { Repairs = Repairs.SetItem(e.RepairId, Repairs[e.RepairId] with { Status = RepairStatus.Referred }) };

    public Account Apply(KeyCustomerDesignated e) => At(e) with
    {
        KeyDesignations = KeyDesignations.Add(new KeyDesignation(e.OccurredAt, null, e.CustomerManager, e.Reason)),
        CustomerManager = e.CustomerManager,
    };

    public Account Apply(KeyCustomerUndesignated e) =>
        At(e) with { KeyDesignations = KeyDesignations.SetItem(KeyDesignations.Count - 1, KeyDesignations[^1] with { Until = e.OccurredAt }) };

    public Account Apply(CustomerManagerAssigned e) => At(e) with { CustomerManager = e.CustomerManager };

    public Account Apply(AccountClosed e) =>
        At(e) with { Status = AccountStatus.Closed, ClosedAt = e.OccurredAt, ClosureReason = e.Reason };

    private Account At(IAccountEvent e) => e.OccurredAt > LastOccurredAt ? this with { LastOccurredAt = e.OccurredAt } : this;

    private Account Complaint(IAccountEvent e, Guid id, Func<ComplaintRecord, ComplaintRecord> change) =>
        At(e) with { Complaints = Complaints.SetItem(id, change(Complaints[id])) };

    private Account WithComplaint(IAccountEvent e, Guid id, ComplaintStatus status) =>
        At(e) with { Complaints = Complaints.SetItem(id, Complaints[id] with { Status = status }) };
}

public sealed record FeeRecord(decimal Amount, string InvoiceNumber, DateOnly InvoiceDate, DateTimeOffset PaidAt);

public sealed record InstallationRecord(
    InstallationKind Kind, DateOnly AppointmentDate, DateTimeOffset ScheduledAt, DateTimeOffset? CompletedAt, string? Installer,
    string? MeterSerial);

public sealed record IgnitionRequestRecord(DateOnly RequestedDate, DateTimeOffset RequestedAt);

public sealed record HazardRecord(
    Guid Id, HazardCode Code, HazardSeverity Severity, Guid? InspectionId, Guid? RepairId, DateTimeOffset FoundAt,
    DateTimeOffset? RectifiedAt);

public sealed record ComplaintRecord(
    Guid Id, string Number, ComplaintCategory Category, ComplaintComplexity Complexity, ComplaintStatus Status, bool Escalated,
    DateTimeOffset FiledAt)
{
    /// <summary>R-CMP-7: acknowledged this round (a reopening asks again).</summary>
    public bool Acknowledged { get; init; }

    /// <summary>R-CMP-7: the department it is assigned to.</summary>
    public string? Department { get; init; }

    public bool ResultNoticeSent { get; init; }

    /// <summary>R-CMP-8: what its verification found; R-INT-1: the reward of a proven conduct report paid.</summary>
    public Complaints.ComplaintVerification? Verification { get; init; }
    public bool RewardPaid { get; init; }
}

public sealed record RepairRecord(Guid Id, bool Emergency, RepairStatus Status, string? Technician, DateTimeOffset ReportedAt);

public sealed record SuspensionRecord(SuspensionReason Reason, Guid? HazardId, DateTimeOffset SuspendedAt);

/// <summary>
/// <see cref="Account.UsageByMonth"/> as JSON, an object of month → volume, read straight into ordinal order.
/// System.Text.Json's own reading of a sorted dictionary sorts it with the culture's collation, then again as an immutable
/// one, with the default comparer, which costs more than the rest of reading a stored account.
/// </summary>
public sealed class UsageByMonthJson : System.Text.Json.Serialization.JsonConverter<ImmutableSortedDictionary<string, decimal>>
{
    public override ImmutableSortedDictionary<string, decimal> Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert,
        System.Text.Json.JsonSerializerOptions options)
    {
        if (reader.TokenType != System.Text.Json.JsonTokenType.StartObject)
            throw new System.Text.Json.JsonException("The usage by month is an object of months and volumes.");
        var months = ImmutableSortedDictionary.CreateBuilder<string, decimal>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.PropertyName)
        {
            var month = reader.GetString()!;
            reader.Read();
            months[month] = reader.GetDecimal();
        }
        return months.ToImmutable();
    }

    public override void Write(System.Text.Json.Utf8JsonWriter writer, ImmutableSortedDictionary<string, decimal> value,
        System.Text.Json.JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (month, volume) in value)
        {
            writer.WritePropertyName(month);
            writer.WriteNumberValue(volume);
        }
        writer.WriteEndObject();
    }
}
