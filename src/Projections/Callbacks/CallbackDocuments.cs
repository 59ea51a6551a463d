using System.Globalization;
using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Satisfaction;
using GasLedger.Domain;

namespace GasLedger.Projections.Callbacks;

/// <summary>
/// 回访计划 — one callback an account is owed (R-CB-1), as <see cref="CallbackPlan"/> computes it, with the account's
/// number, district and address. Dates are <c>yyyy-MM-dd</c> strings, so the database compares them as the calendar
/// does. Its id is the account and the item's key.
/// </summary>
public sealed record CallbackPlanItem(
    string Id,
    Guid AccountId,
    string AccountNumber,
    string District,
    Address Address,
    CallbackKind Kind,
    Guid? WorkId,
    string Work,
    DateTimeOffset WorkAt,
    string WorkDate,
    string? WorkStaff,
    string WindowStart,
    string WindowEnd,
    string DueMonth,
    Guid? CallbackId,
    DateTimeOffset? CalledBackAt,
    string? CalledBackOn,
    string? CallbackStaff,
    bool OnTime,
    int UnreachedAttempts,
    bool Cancelled)
{
    public static CallbackPlanItem Of(Guid accountId, string number, Address address, CallbackItem i) => new(
        $"{accountId:N}:{i.Key}", accountId, number, address.District, address, i.Kind, i.WorkId, i.Work, i.WorkAt, Dates.Text(i.WorkDate),
        i.WorkStaff, Dates.Text(i.WindowStart), Dates.Text(i.WindowEnd), i.DueMonth, i.CallbackId, i.CalledBackAt,
        i.CalledBackOn is { } on ? Dates.Text(on) : null, i.CallbackStaff, i.OnTime, i.UnreachedAttempts, i.Cancelled);
}

/// <summary>
/// Where an account's callback plan stands (<see cref="CallbackPlan.Progress"/>) after the last of its events that
/// changed it (<see cref="Version"/>): what the callback-plan projection folds the account's next event onto, instead
/// of reading the account's whole stream again. Its id is the account's.
/// </summary>
public sealed record CallbackPlanFold(Guid Id, long Version, CallbackPlan.Progress Progress);

/// <summary>
/// 回访台账 — a complaint follow-up (R-CMP-5) as the monthly callback ledger counts it (R-CB-3): the callback after a
/// complaint's resolution, always reached. The month's other callbacks are the callback ledger's rows
/// (<c>Ledgers/CallbackLedger.cs</c>). Its id is the event's.
/// </summary>
public sealed record ComplaintFollowUpEntry(
    string Id,
    Guid AccountId,
    string AccountNumber,
    string District,
    Guid ComplaintId,
    string Staff,
    SatisfactionLevel Satisfaction,
    DateTimeOffset OccurredAt,
    string Date,
    string Month);

/// <summary>
/// 违规收费 — an irregular-charge finding (R-CB-4) with its account. Its id is made from the event's id and the finding's
/// kind (<see cref="IdOf"/>), so a rebuild writes the same ids.
/// </summary>
public sealed record IrregularChargeFinding(
    Guid Id,
    Guid AccountId,
    string AccountNumber,
    string District,
    FindingKind Kind,
    decimal? Amount,
    decimal? RecordedAmount,
    bool? Invoiced,
    string? Staff,
    Guid? WorkId,
    Guid? CallbackId,
    CallbackKind? CallbackKind,
    string? Detail,
    DateTimeOffset OccurredAt,
    string Date)
{
    /// <summary>A name-based id (RFC 9562 version 5 layout) of an event's finding of a kind.</summary>
    public static Guid IdOf(Guid eventId, FindingKind kind)
    {
        var hash = System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes($"{eventId:N}:{kind}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
