using GasLedger.Api.Parties;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Counter;

namespace GasLedger.Api.AccountKeeping;

public sealed record ChangeContact : CounterCommand
{
    /// <summary>The holder's phone number: the new one, or the one on record when only the SMS number changes.</summary>
    [System.ComponentModel.DataAnnotations.Required] public string? Phone { get; init; }

    /// <summary>The new SMS number, with its provider.</summary>
    public SmsForm? Sms { get; init; }
}

/// <summary>联系方式变更 — keeping the holder's contact current (R-ACC-7).</summary>
public static class ChangeContactEndpoint
{
    public static ProblemDetails Validate(ChangeContact cmd)
    {
        var errors = cmd.Check().Require(cmd.Phone, "phone")
            .When(!string.IsNullOrWhiteSpace(cmd.Phone) && !ApplicationRules.IsPhone(cmd.Phone.Trim()), "phone", "is not a phone number.")
            .When(!string.IsNullOrWhiteSpace(cmd.Sms?.Number) && !ApplicationRules.IsPhone(cmd.Sms.Number.Trim()), "sms.number", "is not a phone number.")
            .When(!string.IsNullOrWhiteSpace(cmd.Sms?.Number) && string.IsNullOrWhiteSpace(cmd.Sms.Provider), "sms.provider",
                "is required with an SMS number (R-APP-2).");
        return Problems.Check(errors);
    }

    /// <summary>联系方式变更 — change the holder's phone or SMS number.</summary>
    /// <remarks>
    /// The holder's phone or SMS number changed (R-ACC-7): the numbers go to the holder's party record, encrypted; the
    /// event names which changed (R-ACC-4). 400 when <c>phone</c> is missing, a number is not one, an SMS number comes
    /// without its provider, or nothing differs from the record. 409 when the account is closed or its holder's record
    /// was erased.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/contact"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, ChangeContact cmd, AccountStreams streams, PartyVault vault, CancellationToken ct) =>
        streams.DecideAsync(accountId, cmd, async (account, at) =>
        {
            var record = await streams.Session.LoadAsync<PartyRecord>(account.HolderPartyId, ct);
            if (record is null || vault.Unlock(record) is not { } holder)
                return Decision.Refuse($"The holder of account {account.Number} has no personal record (erased): there is no contact to change. Nothing was written.");
            var phone = cmd.Phone!.Trim();
            var sms = string.IsNullOrWhiteSpace(cmd.Sms?.Number) ? null : cmd.Sms.Number.Trim();
            var changed = new List<string>();
            if (phone != holder.Phone) changed.Add("phone");
            if (sms is not null && (sms != holder.SmsNumber || cmd.Sms!.Provider!.Trim() != account.SmsProvider)) changed.Add("smsNumber");
            if (changed.Count == 0) return Decision.InvalidField("phone", "and the SMS number are those on record: nothing changed.");
            var decision = CounterDecisions.ChangeContact(account, new ContactChanged(holder.Id, changed,
                sms is null ? null : cmd.Sms!.Provider!.Trim(), cmd.HandlingMinutes, cmd.CounterName, at));
            if (decision is Decision.Accept)
                streams.Session.Store(vault.Lock(holder with { Phone = phone, SmsNumber = sms ?? holder.SmsNumber }));
            return decision;
        }, ct: ct);
}
