using GasLedger.Api.Hosting;
using GasLedger.Api.Parties;
using GasLedger.Api.Security;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Parties;

namespace GasLedger.Api.Applications;

public sealed record ApplicationAccepted(Guid AccountId, string AccountNumber, long Version);

/// <summary>报装 — the application that opens an account.</summary>
public static class SubmitApplicationEndpoint
{
    /// <summary>报装 — submit an application, opening a new account.</summary>
    /// <remarks>
    /// An application opens the account's event stream (R-ACC-1, R-APP-1/2), under an account number from a
    /// never-reused serial (R-ACC-3). The holder's personal data goes to a new party record, encrypted; the bank card
    /// only as a token and its last four digits (R-ACC-4). 400 when an input rule of R-APP-2 is broken, each a field
    /// error: the holder (its kind), the address (district, community, building), <c>category</c>, <c>meterType</c>,
    /// <c>paymentMethod</c>, <c>channel</c>, <c>nature</c> and <c>priority</c> are required; a residential account
    /// needs its <c>buildingType</c>, other categories take none; the payment method fits the meter (an IC-card meter
    /// is topped up); the bank details, all three or none, come exactly with a read meter paid by direct debit; an SMS
    /// number needs its provider; a collective application needs its invoice date, or <c>invoiceLost</c>, not after the
    /// application. 400 also when <c>occurredAt</c> is in the future; 409 when <c>version</c> is given and not 0.
    /// </remarks>
    [WolverinePost("/api/accounts"), ProducesResponseType<ApplicationAccepted>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(ApplicationForm form, AccountStreams streams, PartyVault vault, CancellationToken ct)
    {
        var policy = streams.Policy;
        var now = streams.Now;
        if (form.Version is < 0) return Problems.Invalid(AccountStreams.NegativeVersion);
        if (form.Version is > 0)
            return Problems.Conflict($"Stale version: the request carries version {form.Version}, but a new account has no events yet (version 0). Nothing was written.");
        if (!await streams.Claim(ct)) return Results.Empty; // a twin request committed: its answer is replayed
        var at = form.OccurredAt ?? now;
        if (AccountRules.CheckBusinessTime(null, at, now, policy) is { } refused) return Problems.Refused(refused);
        var errors = ApplicationRules.Check(form, policy.LocalDate(at), policy);
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());

        var accountId = Guid.CreateVersion7();
        var number = ApplicationDecisions.AccountNumber(
            await RecordNumbers.NextAccountSerial(streams.Session, ct), policy); // committed with the events
        var card = form.Bank is { IsEmpty: false } bank
            ? new BankCard(BankCard.NewToken(), bank.CardNumber!.Trim(), bank.BankName!.Trim(), bank.CardHolder!.Trim())
            : null;
        var holder = new Party
        {
            Id = Guid.CreateVersion7(),
            Kind = form.Holder!.Kind!.Value,
            Name = ApplicationRules.HolderName(form.Holder, policy),
            IdNumber = form.Holder.IdNumber?.Trim().ToUpperInvariant(),
            Phone = form.Holder.Phone?.Trim(),
            SmsNumber = string.IsNullOrWhiteSpace(form.Sms?.Number) ? null : form.Sms.Number.Trim(),
            Bank = card,
            AccountId = accountId,
            RecordedAt = now,
        };
        var submitted = ApplicationDecisions.Submit(form, accountId, number, holder.Id, card?.ToMandate(), at, policy);

        streams.TagWithRequest();
        streams.Session.Store(vault.Lock(holder)); // encrypted: PartyVault
        streams.Session.Events.StartStream<Account>(accountId, submitted);
        streams.Http.Response.Headers.Location = $"/api/accounts/{accountId}";
        return await streams.Commit(new ApplicationAccepted(accountId, number, 1), StatusCodes.Status201Created, ct);
    }
}
