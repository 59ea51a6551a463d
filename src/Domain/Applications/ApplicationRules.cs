using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.RegularExpressions;
using GasLedger.Domain.Accounts;

namespace GasLedger.Domain.Applications;

/// <summary>The holder as the counter enters it: personal data, which goes to the party record only.</summary>
public sealed record HolderForm
{
    [Required] public PartyKind? Kind { get; init; }
    public string? Name { get; init; }
    public string? IdNumber { get; init; }
    public string? Phone { get; init; }
    public bool SpecialCare { get; init; }
}

public sealed record AddressForm
{
    [Required] public string? District { get; init; }
    [Required] public string? Community { get; init; }
    [Required] public string? Building { get; init; }
    public string? Unit { get; init; }
    public string? Room { get; init; }
}

public sealed record BankForm
{
    public string? CardNumber { get; init; }
    public string? BankName { get; init; }
    public string? CardHolder { get; init; }

    public bool IsEmpty =>
        string.IsNullOrWhiteSpace(CardNumber) && string.IsNullOrWhiteSpace(BankName) && string.IsNullOrWhiteSpace(CardHolder);
}

public sealed record SmsForm
{
    public string? Number { get; init; }
    public string? Provider { get; init; }
}

/// <summary>报装申请 — the application as entered (R-APP-1), before its input rules (R-APP-2) are checked.</summary>
public sealed record ApplicationForm
{
    [Required] public HolderForm? Holder { get; init; }
    [Required] public AddressForm? Address { get; init; }
    [Required] public CustomerCategory? Category { get; init; }
    public BuildingType? BuildingType { get; init; }
    [Required] public MeterType? MeterType { get; init; }
    [Required] public PaymentMethod? PaymentMethod { get; init; }
    public BankForm? Bank { get; init; }
    [Required] public ApplicationChannel? Channel { get; init; }
    [Required] public ApplicationNature? Nature { get; init; }
    [Required] public ApplicationPriority? Priority { get; init; }
    public SmsForm? Sms { get; init; }
    public DateOnly? InvoiceDate { get; init; }

    /// <summary>R-APP-2 (6): the collective invoice is lost; the invoice date is recorded as the policy's placeholder.</summary>
    public bool InvoiceLost { get; init; }

    [FreeText] public string? Remarks { get; init; }

    /// <summary>R-APP-4: how many minutes the counter took, when measured.</summary>
    public int? HandlingMinutes { get; init; }

    /// <summary>R-APP-7: the serial of the meter the developer fitted (已统一装表): the home goes straight to a gas-on request.</summary>
    public string? PreMeteredSerial { get; init; }

    /// <summary>R-APP-8: the holder signed for the safety leaflets received (已收).</summary>
    public bool LeafletsReceived { get; init; }

    /// <summary>R-APP-8: the supply contract (供用气合同) signed.</summary>
    public bool SupplyContractSigned { get; init; }

    /// <summary>R-APP-8: the safe-use agreement (安全用气协议) signed.</summary>
    public bool SafeUseAgreementSigned { get; init; }

    /// <summary>When the application was made (business time); default now.</summary>
    public DateTimeOffset? OccurredAt { get; init; }

    /// <summary>The version the client expects the account to be at: a new account has none yet, so 0 if given.</summary>
    public long? Version { get; init; }
}

/// <summary>R-APP-2: the input rules of an application (报装录入规范), and the checks on personal data's form.</summary>
public static partial class ApplicationRules
{
    /// <summary>R-APP-2 (2): a missing holder name is recorded as the policy's placeholder ("用户").</summary>
    public static string HolderName(HolderForm holder, ServicePolicy policy) =>
        string.IsNullOrEmpty(holder.Name) ? policy.MissingHolderName : holder.Name;

    /// <summary>R-APP-2 (6): the invoice date to record for an application.</summary>
    public static DateOnly? InvoiceDate(ApplicationForm form, ServicePolicy policy) =>
        form.Nature == ApplicationNature.Collective && form.InvoiceLost ? policy.LostCollectiveInvoiceDate : form.InvoiceDate;

    /// <summary>Every input rule of R-APP-1/2 at once, each broken one a field error.</summary>
    public static FieldErrors Check(ApplicationForm form, DateOnly applicationDate, ServicePolicy policy)
    {
        var errors = new FieldErrors();
        if (form.Holder is null) errors.Add("holder", "is required.");
        else CheckHolder(form.Holder, "holder", errors, requireIdentity: false);

        if (form.Address is null) errors.Add("address", "is required.");
        else
        {
            errors.Require(form.Address.District, "address.district")
                .Require(form.Address.Community, "address.community")
                .Require(form.Address.Building, "address.building");
        }

        errors.Require(form.Category, "category").Require(form.MeterType, "meterType").Require(form.PaymentMethod, "paymentMethod")
            .Require(form.Channel, "channel").Require(form.Nature, "nature").Require(form.Priority, "priority");

        if (form.Category == CustomerCategory.Residential && form.BuildingType is null)
            errors.Add("buildingType", "is required for a residential account (multiStorey, highRise or villa).");
        if (form.Category is not null and not CustomerCategory.Residential && form.BuildingType is not null)
            errors.Add("buildingType", "applies to residential accounts only.");

        CheckPayment(form.MeterType, form.PaymentMethod, form.Bank, errors);

        // R-APP-2 (5)
        if (!string.IsNullOrWhiteSpace(form.Sms?.Number))
        {
            if (!IsPhone(form.Sms.Number)) errors.Add("sms.number", "is not a phone number.");
            if (string.IsNullOrWhiteSpace(form.Sms.Provider))
                errors.Add("sms.provider", "is required when an SMS number is given (R-APP-2).");
        }

        if (form.HandlingMinutes is < 1 or > 600) errors.Add("handlingMinutes", "must be from 1 to 600 minutes.");

        // R-APP-7: homes metered by the developer are applied for collectively.
        if (!string.IsNullOrWhiteSpace(form.PreMeteredSerial) && form.Nature is not null and not ApplicationNature.Collective)
            errors.Add("preMeteredSerial", "applies to collective applications only: homes the developer metered (R-APP-7).");
        if (form.PreMeteredSerial?.Trim().Length > 40) errors.Add("preMeteredSerial", "may be at most 40 characters.");

        // R-APP-2 (6), (7)
        var invoiceDate = InvoiceDate(form, policy);
        if (form.Nature == ApplicationNature.Collective && invoiceDate is null)
            errors.Add("invoiceDate", "is required for a collective application: the fee invoice's date, or invoiceLost: true (R-APP-2).");
        if (form.InvoiceLost && form.Nature != ApplicationNature.Collective)
            errors.Add("invoiceLost", "applies to collective applications only (R-APP-2).");
        if (invoiceDate is { } d && d > applicationDate)
            errors.Add("invoiceDate", $"may not be after the application date {applicationDate:yyyy-MM-dd} (R-APP-2).");
        return errors;
    }

    /// <summary>
    /// R-APP-2 (1), (3), (4): meter type and payment method fit, and the bank fields are all three or none, required
    /// exactly when a read meter is paid by direct debit.
    /// </summary>
    public static void CheckPayment(MeterType? meter, PaymentMethod? payment, BankForm? bank, FieldErrors errors)
    {
        if (meter == MeterType.IcCard && payment is not null and not PaymentMethod.TopUp)
            errors.Add("paymentMethod", "must be topUp for an IC-card meter (R-APP-2).");
        if (meter == MeterType.ReadMeter && payment == PaymentMethod.TopUp)
            errors.Add("paymentMethod", "cannot be topUp for a read meter (R-APP-2).");

        var hasBank = bank is not null && !bank.IsEmpty;
        if (hasBank)
        {
            if (string.IsNullOrWhiteSpace(bank!.CardNumber) || string.IsNullOrWhiteSpace(bank.BankName)
                || string.IsNullOrWhiteSpace(bank.CardHolder))
                errors.Add("bank", "card number, bank name and card holder: all three or none (R-APP-2).");
            if (!string.IsNullOrWhiteSpace(bank.CardNumber) && !CardNumber().IsMatch(bank.CardNumber))
                errors.Add("bank.cardNumber", "must be 12 to 19 digits.");
        }

        if (meter == MeterType.ReadMeter && payment == PaymentMethod.BankDirectDebit && !hasBank)
            errors.Add("bank", "is required for a read meter paid by bank direct debit (R-APP-2).");
        if (meter == MeterType.ReadMeter && payment is not null and not PaymentMethod.BankDirectDebit && hasBank)
            errors.Add("bank", "must be empty for a read meter not paid by direct debit (R-APP-2).");
    }

    /// <summary>R-APP-2 (2) and the form of personal identifiers.</summary>
    public static void CheckHolder(HolderForm holder, string path, FieldErrors errors, bool requireIdentity)
    {
        if (holder.Kind is null) errors.Add($"{path}.kind", "is required (person or organisation).");
        if (holder.Name is { Length: > 0 } name && name.Any(char.IsWhiteSpace))
            errors.Add($"{path}.name", "may not contain blanks (R-APP-2).");
        if (requireIdentity && string.IsNullOrWhiteSpace(holder.Name))
            errors.Add($"{path}.name", "is required.");
        if (requireIdentity && string.IsNullOrWhiteSpace(holder.IdNumber))
            errors.Add($"{path}.idNumber", "is required: the new holder's identity (R-TRF-1).");
        if (!string.IsNullOrWhiteSpace(holder.IdNumber) && holder.Kind == PartyKind.Person && !IsNationalId(holder.IdNumber))
            errors.Add($"{path}.idNumber", "is not an 18-character resident ID number (17 digits, a digit or X, a valid birth date).");
        if (!string.IsNullOrWhiteSpace(holder.Phone) && !IsPhone(holder.Phone))
            errors.Add($"{path}.phone", "is not a phone number.");
    }

    /// <summary>
    /// The form of a resident identity number (GB 11643): 17 digits and a digit or X, with a real birth date. The check
    /// digit is not enforced: the contract's own examples do not carry valid ones, and a counter must not be blocked by it.
    /// </summary>
    public static bool IsNationalId(string id) =>
        NationalId().IsMatch(id)
        && DateOnly.TryParseExact(id.Substring(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born)
        && born.Year >= 1900;

    public static bool IsPhone(string phone) => Phone().IsMatch(phone);

    [GeneratedRegex(@"^[0-9]{17}[0-9Xx]\z")]
    private static partial Regex NationalId();

    [GeneratedRegex(@"^(1[0-9]{10}|0[0-9]{2,3}-?[0-9]{7,8}|[0-9]{7,8})\z")]
    private static partial Regex Phone();

    [GeneratedRegex(@"^[0-9]{12,19}\z")]
    private static partial Regex CardNumber();
}
