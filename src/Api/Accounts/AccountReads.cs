using System.Globalization;
using GasLedger.Domain.Parties;
using JasperFx.Events;
using Marten;

namespace GasLedger.Api.Accounts;

/// <summary>
/// The holder as an answer shows it: masked (<c>张*</c>, <c>110101********1234</c>, <c>138****8000</c>; no property proof),
/// or in full in an unmasked read. An erased party shows <c>(erased)</c>, <see cref="Erased"/> and when.
/// </summary>
public sealed record HolderView(Guid PartyId, PartyKind Kind, string Name, string? IdNumber, string? Phone, string? SmsNumber,
    string? PropertyProof, bool SpecialCare, bool Erased, DateTimeOffset? ErasedAt = null)
{
    public static HolderView Of(Guid partyId, PartyKind kind, bool specialCare, Parties.PartyRecord? record, Party? p,
        Parties.Disclosure disclosure) => p is null
        ? new HolderView(partyId, kind, "(erased)", null, null, null, null, specialCare, Erased: true, record?.ErasedAt)
        : disclosure == Parties.Disclosure.Full
            ? new HolderView(p.Id, p.Kind, p.Name, p.IdNumber, p.Phone, p.SmsNumber, p.PropertyProof, specialCare, Erased: false)
            : new HolderView(p.Id, p.Kind, Masking.Name(p.Name), Masking.IdNumber(p.IdNumber), Masking.Phone(p.Phone),
                Masking.Phone(p.SmsNumber), null, specialCare, Erased: false);
}

/// <summary>The direct-debit card: <c>**** 1234</c> and the card holder masked, or in full in an unmasked read.</summary>
public sealed record BankView(string Card, string BankName, string? CardHolder = null);

public sealed record OpenWork(
    bool InstallationPending,
    IgnitionRequestRecord? IgnitionRequest,
    IReadOnlyList<HazardRecord> Hazards,
    IReadOnlyList<ComplaintRecord> Complaints,
    IReadOnlyList<RepairRecord> Repairs);

public sealed record ClassificationView(ValueTier Tier, LifecycleStage Stage, ServiceLevel ServiceLevel, IReadOnlyList<RiskFlag> RiskFlags,
    CustomerCategory Category, decimal VolumeLast12Months, DateOnly AsOf);

/// <summary>The account as <c>GET /api/accounts/{id}</c> answers it: personal data masked (R-INT-2).</summary>
public sealed record AccountView(
    Guid AccountId,
    string Number,
    AccountStatus State,
    CustomerCategory Category,
    BuildingType? BuildingType,
    MeterType MeterType,
    PaymentMethod PaymentMethod,
    BankView? Bank,
    HolderView Holder,
    Address Address,
    long Version,
    ApplicationChannel Channel,
    ApplicationNature Nature,
    ApplicationPriority Priority,
    string? SmsProvider,
    DateTimeOffset AppliedAt,
    FeeRecord? Fee,
    InstallationRecord? Installation,
    DateTimeOffset? GasOnAt,
    DateTimeOffset? LastInspectedAt,
    DateOnly? NextInspectionDue,
    SuspensionRecord? Suspension,
    IReadOnlyList<Domain.Supply.InterruptionRecord> Interruptions,
    DateTimeOffset? ClosedAt,
    ClosureReason? ClosureReason,
    OpenWork OpenWork,
    ClassificationView Classification,
    string? CustomerManager,
    DateTimeOffset LastOccurredAt,
    DateTimeOffset? AsOf)
{
    public static AccountView Of(Account a, Parties.PartyRecord? record, Party? holder, Parties.Disclosure disclosure, DateTimeOffset? asOf,
        DateTimeOffset now, ServicePolicy policy)
    {
        var full = disclosure == Parties.Disclosure.Full;
        var card = holder?.Bank is { } partyCard && a.Bank is { } mandate && partyCard.Token == mandate.CardToken ? partyCard : null;
        var classDate = policy.LocalDate(asOf ?? now);
        var c = Classifier.Classify(a, classDate, policy);
        return new AccountView(a.Id, a.Number, a.Status, a.Category, a.BuildingType, a.MeterType, a.PaymentMethod,
            a.Bank is { } bank
                ? new BankView(full && card is not null ? card.CardNumber : Masking.CardLast4(bank.CardLast4), bank.BankName,
                    card is null ? null : full ? card.CardHolder : Masking.Name(card.CardHolder))
                : null,
            HolderOf(a, record, holder, disclosure), full ? a.Address : Masking.Address(a.Address), a.Version, a.Channel, a.Nature,
            a.Priority, a.SmsProvider, a.AppliedAt, a.Fee, a.Installation, a.GasOnAt, a.LastInspectedAt,
            Classifier.NextInspectionDue(a, policy), a.Suspension,
            a.Interruptions.Values.Where(i => i.RestoredAt is null).OrderBy(i => i.From).ToArray(), a.ClosedAt, a.ClosureReason,
            new OpenWork(
                a.Status is AccountStatus.Applied or AccountStatus.Installing,
                a.IgnitionRequest,
                a.OpenHazards.OrderBy(h => h.FoundAt).ToArray(),
                a.Complaints.Values.Where(x => x.Status != ComplaintStatus.Closed).OrderBy(x => x.FiledAt).ToArray(),
                a.Repairs.Values.Where(x => x.Status != RepairStatus.Completed).OrderBy(x => x.ReportedAt).ToArray()),
            new ClassificationView(c.Tier, c.Stage, c.ServiceLevel, c.RiskFlags, c.Category, c.VolumeLast12Months, classDate),
            a.CustomerManager, a.LastOccurredAt, asOf);
    }

    public static HolderView HolderOf(Account a, Parties.PartyRecord? record, Party? p, Parties.Disclosure disclosure) =>
        HolderView.Of(a.HolderPartyId, a.HolderKind, a.SpecialCare, record, p, disclosure);
}

/// <summary>One event of an account's history (R-ACC-1).</summary>
public sealed record HistoryEntry(
    Guid Id, long Sequence, long Version, string Type, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, object Data,
    string? RecordedBy, string? CorrelationId, string? CausationId);

/// <summary>
/// Time travel: <c>?asOf=</c> takes an instant (ISO 8601 with offset) or a date (<c>yyyy-MM-dd</c>, meaning the end of
/// that day in the company's time zone, R-CAL-4). It is business time: the account as it stood in the world then,
/// made of the events that had occurred by then. Business time never runs backwards within a stream, so those events
/// are a prefix of it.
/// </summary>
public static class AsOf
{
    public static bool TryParse(string? text, ServicePolicy policy, out DateTimeOffset? asOf)
    {
        asOf = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            if (!BusinessDates.Holds(date.Year)) return false;
            var nextMidnight = date.AddDays(1).ToDateTime(TimeOnly.MinValue);
            var offset = policy.TimeZone.GetUtcOffset(nextMidnight);
            asOf = new DateTimeOffset(nextMidnight, offset).AddTicks(-1);
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            && BusinessDates.Holds(instant.Year))
        {
            asOf = instant;
            return true;
        }
        return false;
    }

    public static IResult Invalid(string field = "asOf") => Problems.Invalid(new Dictionary<string, string[]>
    {
        [field] = [$"must be an ISO 8601 time with offset (2026-11-20T10:00:00+08:00) or a date (2026-11-20), in {BusinessDates.Range}."],
    });

    /// <summary>The stream version as of a business time: the last event that had occurred by then, or null.</summary>
    public static long? VersionAt(IReadOnlyList<IEvent> events, DateTimeOffset asOf) =>
        events.LastOrDefault(e => ((IAccountEvent)e.Data).OccurredAt <= asOf)?.Version;

}
