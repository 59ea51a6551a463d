using GasLedger.Domain.Accounts;

namespace GasLedger.Domain.Applications;

/// <summary>Decisions of the application stage (报装): R-APP-1..3, R-ACC-3.</summary>
public static class ApplicationDecisions
{
    /// <summary>R-APP-1: the event that opens an account stream, from a form that passed <see cref="ApplicationRules.Check"/>.</summary>
    public static ApplicationSubmitted Submit(
        ApplicationForm form, Guid accountId, string accountNumber, Guid holderPartyId, BankMandate? bank, DateTimeOffset at,
        ServicePolicy policy) =>
        new(accountId, accountNumber, holderPartyId, form.Holder!.Kind!.Value, form.Holder.SpecialCare,
            new Address(form.Address!.District!.Trim(), form.Address.Community!.Trim(), form.Address.Building!.Trim(),
                Blank(form.Address.Unit), Blank(form.Address.Room)),
            form.Category!.Value, form.BuildingType, form.MeterType!.Value, form.PaymentMethod!.Value, bank,
            form.Channel!.Value, form.Nature!.Value, form.Priority!.Value,
            string.IsNullOrWhiteSpace(form.Sms?.Number) ? null : form.Sms.Provider,
            ApplicationRules.InvoiceDate(form, policy), Blank(form.Remarks), at, form.HandlingMinutes, Blank(form.PreMeteredSerial),
            form.LeafletsReceived, form.SupplyContractSigned, form.SafeUseAgreementSigned);

    /// <summary>
    /// R-APP-8: safety material is handed to a holder whose gas is on (active or suspended), once in a year's round; the
    /// year is that of the handing.
    /// </summary>
    public static Decision HandSafetyMaterial(Account account, SafetyMaterialHanded handed, ServicePolicy policy)
    {
        if (AccountRules.Requires(account, "hand safety material", AccountStatus.Active, AccountStatus.Suspended) is { } refused)
            return refused;
        if (handed.Year != policy.LocalDate(handed.OccurredAt).Year)
            return Decision.InvalidField("year", "is the year the material is handed in.");
        if (account.SafetyMaterialYear >= handed.Year)
            return Decision.Refuse($"Account {account.Number} has this year's safety material ({handed.Year}) already. Nothing was written.");
        return Decision.Accepting(handed);
    }

    /// <summary>R-ACC-3: an account number from a never-reused serial.</summary>
    public static string AccountNumber(long serial, ServicePolicy policy) =>
        policy.AccountNumberPrefix + serial.ToString().PadLeft(policy.AccountNumberDigits, '0');

    /// <summary>
    /// R-APP-3: the fee is paid once, while the account is applied; a residential fee must equal the schedule for the
    /// building type; the invoice is not dated after the payment.
    /// </summary>
    public static Decision PayFee(Account account, ApplicationFeePaid fee, ServicePolicy policy)
    {
        if (AccountRules.Requires(account, "record the application fee", AccountStatus.Applied) is { } refused)
            return account.Fee is not null && account.Status != AccountStatus.Closed
                ? Decision.Refuse(
                    $"The application fee of account {account.Number} is already recorded (invoice {account.Fee.InvoiceNumber}).")
                : refused;
        if (account.Category == CustomerCategory.Residential && account.BuildingType is { } type
            && fee.Amount != policy.ResidentialFee(type))
            return Decision.InvalidField("amount",
                $"must be {policy.ResidentialFee(type)} CNY for a residential {WireNames.Of(type.ToString())} account (R-APP-3).");
        if (fee.InvoiceDate > policy.LocalDate(fee.OccurredAt))
            return Decision.InvalidField("invoiceDate", "may not be after the payment date.");
        return Decision.Accepting(fee);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>
    /// R-APP-6: an application is declined, with its reason, before its installation is done (applied, or installing
    /// with none completed); the account closes as declined in the same decision. The holder was told by then.
    /// </summary>
    public static Decision Decline(Account account, ApplicationDeclined declined)
    {
        if (AccountRules.Requires(account, "decline the application", AccountStatus.Applied, AccountStatus.Installing) is { } refused)
            return refused;
        if (declined.HolderToldAt > declined.OccurredAt)
            return Decision.InvalidField("holderToldAt", "may not be after the decline: the holder is told the reason (R-APP-6).");
        return Decision.Accepting(declined, new Supply.AccountClosed(ClosureReason.Declined, declined.OccurredAt));
    }
}
