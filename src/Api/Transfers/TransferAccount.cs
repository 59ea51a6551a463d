using System.ComponentModel.DataAnnotations;
using GasLedger.Api.Parties;
using GasLedger.Api.Security;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Parties;
using GasLedger.Domain.Transfers;

namespace GasLedger.Api.Transfers;

public sealed record TransferAccount : AccountCommand
{
    [Required] public HolderForm? NewHolder { get; init; }
    [Required] public string? PropertyProof { get; init; }

    /// <summary>Default: the account's current payment method.</summary>
    public PaymentMethod? PaymentMethod { get; init; }
    public BankForm? Bank { get; init; }

    /// <summary>R-APP-4: how many minutes the counter took, when measured.</summary>
    public int? HandlingMinutes { get; init; }
}

/// <summary>过户 — transferring an account.</summary>
public static class TransferAccountEndpoint
{
    public static ProblemDetails Validate(TransferAccount cmd)
    {
        var errors = new FieldErrors().Require(cmd.PropertyProof, "propertyProof")
            .When(cmd.HandlingMinutes is < 1 or > 600, "handlingMinutes", "must be from 1 to 600 minutes.");
        if (cmd.NewHolder is null) errors.Add("newHolder", "is required.");
        else ApplicationRules.CheckHolder(cmd.NewHolder, "newHolder", errors, requireIdentity: true);
        return Problems.Check(errors);
    }

    /// <summary>过户 — transfer the account to a new holder.</summary>
    /// <remarks>
    /// A new holder with proof of ownership and identity (R-TRF-1), in any state but closed (R-TRF-2); the account
    /// number and history stay. The new holder's data goes to a new party record, encrypted; the event refers to it
    /// (R-ACC-4). The payment method defaults to the account's current one; it must fit the meter, and a direct debit
    /// comes with the new bank account (R-APP-2). 400 when <c>newHolder</c> (with its kind, name and ID number) or
    /// <c>propertyProof</c> is missing, the holder's data is malformed, or the payment does not fit. 409 when the
    /// account is closed.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/transfer"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, TransferAccount cmd, AccountStreams streams, PartyVault vault, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) =>
        {
            var payment = cmd.PaymentMethod ?? account.PaymentMethod;
            var card = cmd.Bank is { IsEmpty: false } b && !string.IsNullOrWhiteSpace(b.CardNumber)
                && !string.IsNullOrWhiteSpace(b.BankName) && !string.IsNullOrWhiteSpace(b.CardHolder)
                ? new BankCard(BankCard.NewToken(), b.CardNumber.Trim(), b.BankName.Trim(), b.CardHolder.Trim())
                : null;
            var holder = new Party
            {
                Id = Guid.CreateVersion7(),
                Kind = cmd.NewHolder!.Kind!.Value,
                Name = cmd.NewHolder.Name!.Trim(),
                IdNumber = cmd.NewHolder.IdNumber?.Trim().ToUpperInvariant(),
                Phone = cmd.NewHolder.Phone?.Trim(),
                Bank = card,
                PropertyProof = cmd.PropertyProof!.Trim(),
                AccountId = accountId,
                RecordedAt = streams.Now,
            };
            var transferred = new HolderTransferred(account.HolderPartyId, holder.Id, holder.Kind, cmd.NewHolder.SpecialCare, payment,
                card?.ToMandate(), at, cmd.HandlingMinutes);
            var decision = TransferDecisions.Transfer(account, transferred, cmd.Bank);
            if (decision is Decision.Accept) streams.Session.Store(vault.Lock(holder)); // encrypted: PartyVault
            return decision;
        }, ct: ct);
}
