using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;

namespace GasLedger.Domain.Counter;

/// <summary>
/// R-APP-4/5, R-ACC-7: the counter transactions (柜台业务) the service-quality figures count, each with its handling-time
/// commitment where the regulations give one (<see cref="ServicePolicy.CounterCommitmentMinutes"/>).
/// </summary>
public enum CounterTransaction
{
    OpenAccount, OpenIcCardAccount, Transfer, BillPayment, CardTopUp, DirectDebitSetUp, BillQuery, ContactChange,
    PaymentMethodChange, MeterReplacement, IcCardReissue,
}

/// <summary>Why an IC card is issued again. 挂失 / 损坏 / 其他.</summary>
public enum CardReissueReason { Lost, Damaged, Other }

/// <summary>
/// 联系方式变更 — the holder's phone or SMS number changed (R-ACC-7). The numbers themselves live in the party record
/// (R-ACC-4): the event names which of them changed.
/// </summary>
public sealed record ContactChanged(Guid PartyId, IReadOnlyList<string> Changed, string? SmsProvider, int? HandlingMinutes,
    string? Counter, DateTimeOffset OccurredAt) : IAccountEvent;

/// <summary>
/// 缴费方式变更 — the payment method changed, a direct debit set up or its bank card changed (R-ACC-7, 缴费变更登记单): the
/// card as a token and its last four digits only (R-ACC-4).
/// </summary>
public sealed record PaymentMethodChanged(PaymentMethod PaymentMethod, BankMandate? Bank, int? HandlingMinutes, string? Counter,
    DateTimeOffset OccurredAt) : IAccountEvent;

/// <summary>
/// 换表 — a meter replaced (R-ACC-7): the old and the new serial, the old meter's reading at the swap, the new meter's
/// reading at fitting, its type (a read meter changed for an IC-card one changes the payment method with it).
/// </summary>
public sealed record MeterReplaced(string? OldSerial, string NewSerial, decimal OldMeterReadingM3, decimal NewMeterReadingM3,
    MeterType MeterType, PaymentMethod PaymentMethod, string Technician, int? HandlingMinutes, string? Counter, DateTimeOffset OccurredAt)
    : IAccountEvent;

/// <summary>补卡 — an IC card issued again (R-ACC-7), with the reason and any fee.</summary>
public sealed record IcCardReissued(CardReissueReason Reason, decimal? Fee, int? HandlingMinutes, string? Counter, DateTimeOffset OccurredAt)
    : IAccountEvent;

/// <summary>缴费 — a gas bill paid at the counter (R-APP-5: 3 minutes).</summary>
public sealed record BillPaid(decimal Amount, string? BillMonth, int? HandlingMinutes, string? Counter, DateTimeOffset OccurredAt)
    : IAccountEvent;

/// <summary>账单查询 — a bill query at the counter (R-APP-5: 5 minutes).</summary>
public sealed record BillQueried(string? BillMonth, int? HandlingMinutes, string? Counter, DateTimeOffset OccurredAt) : IAccountEvent;

/// <summary>Decisions of the counter's account keeping (R-ACC-7, R-APP-5).</summary>
public static class CounterDecisions
{
    /// <summary>R-APP-5: minutes a counter transaction may take, from 1 to 600 when measured.</summary>
    public static FieldErrors CheckMinutes(int? minutes, FieldErrors errors) =>
        errors.When(minutes is < 1 or > 600, "handlingMinutes", "must be from 1 to 600 minutes.");

    /// <summary>R-ACC-7: a contact change of an open account names at least one number, the SMS number with its provider.</summary>
    public static Decision ChangeContact(Account account, ContactChanged changed)
    {
        if (AccountRules.RequiresOpen(account, "change the holder's contact") is { } refused) return refused;
        return Decision.Accepting(changed);
    }

    /// <summary>
    /// R-ACC-7 with R-APP-2 (1), (3), (4): the new payment method fits the meter, a direct debit comes with its bank card;
    /// the account is open.
    /// </summary>
    public static Decision ChangePaymentMethod(Account account, PaymentMethodChanged changed, BankForm? bank)
    {
        if (AccountRules.RequiresOpen(account, "change the payment method") is { } refused) return refused;
        var errors = new FieldErrors();
        ApplicationRules.CheckPayment(account.MeterType, changed.PaymentMethod, bank, errors);
        return errors.AsDecision() ?? Decision.Accepting(changed);
    }

    /// <summary>
    /// R-ACC-7: a meter is replaced on an installed account (installed, active or suspended), by a new serial. A meter of
    /// the other type brings the payment method that fits it (R-APP-2 (1)): top-up for an IC-card meter, the counter for a
    /// read meter (a direct debit is set up after, with its card); the same type keeps the account's.
    /// </summary>
    public static Decision ReplaceMeter(Account account, MeterReplaced replaced)
    {
        if (AccountRules.Requires(account, "replace the meter", AccountStatus.Installed, AccountStatus.Active, AccountStatus.Suspended)
            is { } refused) return refused;
        if (replaced.NewSerial == account.MeterSerial)
            return Decision.InvalidField("newSerial", "is the serial of the meter in place.");
        var payment = replaced.MeterType == account.MeterType ? account.PaymentMethod
            : replaced.MeterType == MeterType.IcCard ? PaymentMethod.TopUp : PaymentMethod.Counter;
        return Decision.Accepting(replaced with { OldSerial = account.MeterSerial, PaymentMethod = payment });
    }

    /// <summary>R-ACC-7: an IC card is issued again only for an IC-card meter, of an open account.</summary>
    public static Decision ReissueCard(Account account, IcCardReissued reissued)
    {
        if (AccountRules.RequiresOpen(account, "reissue the IC card") is { } refused) return refused;
        if (account.MeterType != MeterType.IcCard)
            return Decision.Refuse($"Account {account.Number} has a read meter: there is no IC card to issue again. Nothing was written.");
        return Decision.Accepting(reissued);
    }

    /// <summary>R-APP-5: a bill is paid for a read meter whose gas has been on (active, suspended, or closed with a bill left).</summary>
    public static Decision PayBill(Account account, BillPaid paid)
    {
        if (account.GasOnAt is null)
            return Decision.Refuse($"Account {account.Number} has had no gas: it has no bill. Nothing was written.");
        if (account.MeterType != MeterType.ReadMeter)
            return Decision.Refuse($"Account {account.Number} has an IC-card meter: it is topped up (usage, icPurchase), not billed. Nothing was written.");
        return Decision.Accepting(paid);
    }

    /// <summary>R-APP-5: a bill query of an account whose gas has been on.</summary>
    public static Decision QueryBill(Account account, BillQueried queried) =>
        account.GasOnAt is null
            ? Decision.Refuse($"Account {account.Number} has had no gas: it has no bill. Nothing was written.")
            : Decision.Accepting(queried);

    /// <summary>The transaction a payment-method change is for R-APP-5: setting up a direct debit has its own commitment.</summary>
    public static CounterTransaction KindOf(PaymentMethodChanged changed) =>
        changed.PaymentMethod == PaymentMethod.BankDirectDebit ? CounterTransaction.DirectDebitSetUp : CounterTransaction.PaymentMethodChange;
}
