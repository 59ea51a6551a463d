using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Transfers;

namespace GasLedger.Domain.Tests;

/// <summary>R-TRF-1, R-TRF-2: a transfer replaces the holder party; the account number and history stay.</summary>
public class TransferTests
{
    private static readonly Guid NewHolder = Guid.Parse("b0000000-0000-0000-0000-000000000002");
    private static readonly DateTimeOffset TransferredAt = Given.Day(11, 2);
    private static readonly BankForm Bank = new() { CardNumber = "6217000010001234567", BankName = "建设银行", CardHolder = "李四" };
    private static readonly BankMandate Mandate = new("card_0123456789abcdef0123", "4567", "建设银行");

    private static HolderTransferred Transfer(PaymentMethod payment, BankMandate? bank = null, bool specialCare = false) =>
        new(Given.HolderPartyId, NewHolder, PartyKind.Person, specialCare, payment, bank, TransferredAt);

    [Fact]
    public void R_TRF_1_transfer_replaces_the_holder_party_and_keeps_number_and_history()
    {
        var complaint = Given.Complaint(at: Given.Day(10, 15));
        var active = Given.Active().Fold(complaint, Given.Usage(40m, new DateOnly(2026, 10, 31)));
        var transferred = Transfer(PaymentMethod.BankDirectDebit, Mandate, specialCare: true);

        var decision = TransferDecisions.Transfer(active, transferred, Bank);

        Expect.AcceptedAsIs(decision, transferred);
        var state = active.After(decision);
        Assert.Equal(NewHolder, state.HolderPartyId);
        Assert.Equal(PartyKind.Person, state.HolderKind);
        Assert.True(state.SpecialCare);
        Assert.Equal(PaymentMethod.BankDirectDebit, state.PaymentMethod);
        Assert.Equal(Mandate, state.Bank);
        Assert.Equal(Given.Number, state.Number);
        Assert.Equal(Given.AccountId, state.Id);
        Assert.Equal(AccountStatus.Active, state.Status);
        Assert.True(state.Complaints.ContainsKey(complaint.ComplaintId));
        Assert.Equal(40m, state.UsageByMonth["2026-10"]);
        Assert.Equal(Given.GasOnAt, state.GasOnAt);
    }

    [Fact]
    public void R_TRF_1_transfer_to_an_organisation_records_its_kind()
    {
        var transferred = Transfer(PaymentMethod.Counter) with { NewHolderKind = PartyKind.Organisation };

        var state = Given.Active().After(TransferDecisions.Transfer(Given.Active(), transferred, null));

        Assert.Equal(PartyKind.Organisation, state.HolderKind);
        Assert.Equal(NewHolder, state.HolderPartyId);
    }

    [Theory]
    [InlineData(PaymentMethod.Counter)]
    [InlineData(PaymentMethod.Online)]
    [InlineData(PaymentMethod.BankDirectDebit)]
    public void R_TRF_1_ic_card_meter_stays_on_top_up(PaymentMethod payment)
    {
        Expect.Invalid(TransferDecisions.Transfer(Given.Active(AccountSpec.IcCard), Transfer(payment, Mandate), Bank), "paymentMethod");
    }

    [Fact]
    public void R_TRF_1_ic_card_meter_with_top_up_is_fine()
    {
        var transferred = Transfer(PaymentMethod.TopUp);

        Expect.AcceptedAsIs(TransferDecisions.Transfer(Given.Active(AccountSpec.IcCard), transferred, null), transferred);
    }

    [Fact]
    public void R_TRF_1_read_meter_may_not_move_to_top_up()
    {
        Expect.Invalid(TransferDecisions.Transfer(Given.Active(), Transfer(PaymentMethod.TopUp), null), "paymentMethod");
    }

    [Fact]
    public void R_TRF_1_direct_debit_needs_the_new_bank_account()
    {
        Expect.Invalid(TransferDecisions.Transfer(Given.Active(), Transfer(PaymentMethod.BankDirectDebit), null), "bank");
        Expect.Invalid(TransferDecisions.Transfer(Given.Active(), Transfer(PaymentMethod.BankDirectDebit), Bank with { BankName = null }), "bank");
    }

    [Fact]
    public void R_TRF_1_read_meter_not_on_direct_debit_has_no_bank_account()
    {
        Expect.Invalid(TransferDecisions.Transfer(Given.Active(), Transfer(PaymentMethod.Counter), Bank), "bank");
    }

    [Fact]
    public void R_TRF_1_the_meter_checked_is_the_accounts_own()
    {
        // The transfer carries no meter type: a top-up payment fits an IC-card account and not a read-meter one.
        var transferred = Transfer(PaymentMethod.TopUp);

        Expect.Accepted(TransferDecisions.Transfer(Given.Active(AccountSpec.IcCard), transferred, null));
        Expect.Invalid(TransferDecisions.Transfer(Given.Active(), transferred, null), "paymentMethod");
    }

    [Theory]
    [InlineData("applied")]
    [InlineData("installed")]
    [InlineData("suspended")]
    public void R_TRF_2_any_open_state_takes_a_transfer(string state)
    {
        var account = state switch { "applied" => Given.Applied(), "installed" => Given.Installed(), _ => Given.Suspended() };
        var transferred = Transfer(PaymentMethod.Counter);

        var decision = TransferDecisions.Transfer(account, transferred, null);

        Expect.AcceptedAsIs(decision, transferred);
        Assert.Equal(account.Status, account.After(decision).Status);
        Assert.Equal(NewHolder, account.After(decision).HolderPartyId);
    }
}
