using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Installation;
using GasLedger.Domain.Supply;

namespace GasLedger.Domain.Tests;

/// <summary>R-APP-1..3 and R-ACC-3: the application form's input rules, the account number, the fee and its gate.</summary>
public class ApplicationTests
{
    private static readonly DateOnly ApplicationDate = new(2026, 9, 1);

    private static ApplicationForm Form() => new()
    {
        Holder = new HolderForm { Kind = PartyKind.Person, Name = "张三", IdNumber = "110101199003071234", Phone = "13800138000" },
        Address = new AddressForm { District = "西湖区", Community = "翠苑一区", Building = "12", Unit = "2", Room = "301" },
        Category = CustomerCategory.Residential,
        BuildingType = BuildingType.MultiStorey,
        MeterType = MeterType.ReadMeter,
        PaymentMethod = PaymentMethod.Counter,
        Channel = ApplicationChannel.Counter,
        Nature = ApplicationNature.Individual,
        Priority = ApplicationPriority.Waiting,
    };

    private static readonly BankForm FullBank = new() { CardNumber = "6222020202020202020", BankName = "工商银行", CardHolder = "张三" };

    private static string[] Check(ApplicationForm form) => Expect.Fields(ApplicationRules.Check(form, ApplicationDate, Given.Policy));

    [Fact]
    public void R_APP_2_a_complete_form_breaks_no_rule()
    {
        var errors = ApplicationRules.Check(Form(), ApplicationDate, Given.Policy);

        Assert.False(errors.Any);
        Assert.Null(errors.AsDecision());
    }

    [Fact]
    public void R_APP_1_an_empty_form_names_every_required_field()
    {
        var errors = ApplicationRules.Check(new ApplicationForm(), ApplicationDate, Given.Policy);

        Assert.Equal(["address", "category", "channel", "holder", "meterType", "nature", "paymentMethod", "priority"], Expect.Fields(errors));
        Expect.Invalid(errors.AsDecision()!, "address", "category", "channel", "holder", "meterType", "nature", "paymentMethod", "priority");
    }

    [Fact]
    public void R_APP_1_address_needs_district_community_and_building()
    {
        Assert.Equal(["address.building", "address.community", "address.district"],
            Check(Form() with { Address = new AddressForm { District = " ", Unit = "2" } }));
    }

    [Fact]
    public void R_APP_1_residential_needs_a_building_type_and_others_may_not_have_one()
    {
        Assert.Equal(["buildingType"], Check(Form() with { BuildingType = null }));
        Assert.Equal(["buildingType"], Check(Form() with { Category = CustomerCategory.PublicService }));
        Assert.Empty(Check(Form() with { Category = CustomerCategory.PublicService, BuildingType = null }));
    }

    // ---- R-APP-2 (1): meter type and payment method ----

    [Theory]
    [InlineData(PaymentMethod.Counter)]
    [InlineData(PaymentMethod.Online)]
    [InlineData(PaymentMethod.BankDirectDebit)]
    public void R_APP_2_ic_card_meter_requires_top_up(PaymentMethod payment)
    {
        Assert.Equal(["paymentMethod"], Check(Form() with { MeterType = MeterType.IcCard, PaymentMethod = payment }));
    }

    [Fact]
    public void R_APP_2_ic_card_meter_with_top_up_is_fine()
    {
        Assert.Empty(Check(Form() with { MeterType = MeterType.IcCard, PaymentMethod = PaymentMethod.TopUp }));
    }

    [Fact]
    public void R_APP_2_read_meter_may_not_be_paid_by_top_up()
    {
        Assert.Equal(["paymentMethod"], Check(Form() with { MeterType = MeterType.ReadMeter, PaymentMethod = PaymentMethod.TopUp }));
    }

    // ---- R-APP-2 (2): holder name ----

    [Theory]
    [InlineData("张 三")]
    [InlineData(" 张三")]
    [InlineData("张三 ")]
    [InlineData("张\u3000三")] // full-width blank, as a Chinese IME types it
    [InlineData("张\t三")]
    public void R_APP_2_holder_name_may_not_contain_blanks(string name)
    {
        Assert.Equal(["holder.name"], Check(Form() with { Holder = Form().Holder! with { Name = name } }));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void R_APP_2_missing_holder_name_is_recorded_as_用户(string? name)
    {
        var holder = Form().Holder! with { Name = name };

        Assert.Equal("用户", ApplicationRules.HolderName(holder, Given.Policy));
        Assert.Empty(Check(Form() with { Holder = holder }));
    }

    [Fact]
    public void R_APP_2_a_given_holder_name_is_recorded_as_given()
    {
        Assert.Equal("张三", ApplicationRules.HolderName(Form().Holder!, Given.Policy));
        Assert.Equal("无名氏", ApplicationRules.HolderName(new HolderForm(), Given.Policy with { MissingHolderName = "无名氏" }));
    }

    [Fact]
    public void R_APP_2_holder_kind_is_required()
    {
        Assert.Equal(["holder.kind"], Check(Form() with { Holder = Form().Holder! with { Kind = null } }));
    }

    // ---- R-APP-2 (3), (4): bank fields ----

    [Theory]
    [InlineData(null, "工商银行", "张三")]
    [InlineData("6222020202020202020", null, "张三")]
    [InlineData("6222020202020202020", "工商银行", " ")]
    public void R_APP_2_bank_card_bank_name_and_card_holder_are_all_three_or_none(string? card, string? bankName, string? cardHolder)
    {
        var form = Form() with
        {
            PaymentMethod = PaymentMethod.BankDirectDebit,
            Bank = new BankForm { CardNumber = card, BankName = bankName, CardHolder = cardHolder },
        };

        Assert.Equal(["bank"], Check(form));
    }

    [Fact]
    public void R_APP_2_bank_card_number_is_12_to_19_digits()
    {
        var form = Form() with { PaymentMethod = PaymentMethod.BankDirectDebit, Bank = FullBank with { CardNumber = "6222-0202" } };

        Assert.Equal(["bank.cardNumber"], Check(form));
    }

    [Fact]
    public void R_APP_2_read_meter_with_direct_debit_requires_the_bank_fields()
    {
        Assert.Equal(["bank"], Check(Form() with { PaymentMethod = PaymentMethod.BankDirectDebit }));
        Assert.Equal(["bank"], Check(Form() with { PaymentMethod = PaymentMethod.BankDirectDebit, Bank = new BankForm() }));
        Assert.Empty(Check(Form() with { PaymentMethod = PaymentMethod.BankDirectDebit, Bank = FullBank }));
    }

    [Theory]
    [InlineData(PaymentMethod.Counter)]
    [InlineData(PaymentMethod.Online)]
    public void R_APP_2_read_meter_without_direct_debit_has_empty_bank_fields(PaymentMethod payment)
    {
        Assert.Equal(["bank"], Check(Form() with { PaymentMethod = payment, Bank = FullBank }));
        Assert.Empty(Check(Form() with { PaymentMethod = payment, Bank = new BankForm { CardNumber = " ", BankName = "" } }));
    }

    // ---- R-APP-2 (5): SMS ----

    [Fact]
    public void R_APP_2_sms_number_requires_a_provider()
    {
        Assert.Equal(["sms.provider"], Check(Form() with { Sms = new SmsForm { Number = "13800138000" } }));
        Assert.Empty(Check(Form() with { Sms = new SmsForm { Number = "13800138000", Provider = "中国移动" } }));
    }

    [Fact]
    public void R_APP_2_no_sms_number_needs_no_provider_and_records_none()
    {
        var form = Form() with { Sms = new SmsForm { Number = " ", Provider = "中国移动" } };

        Assert.Empty(Check(form));
        var submitted = ApplicationDecisions.Submit(form, Given.AccountId, Given.Number, Given.HolderPartyId, null, Given.AppliedAt, Given.Policy);
        Assert.Null(submitted.SmsProvider);
    }

    [Fact]
    public void R_APP_2_sms_number_must_be_a_phone_number()
    {
        Assert.Equal(["sms.number"], Check(Form() with { Sms = new SmsForm { Number = "12345", Provider = "中国移动" } }));
    }

    // ---- R-APP-2 (6), (7): invoice date ----

    [Fact]
    public void R_APP_2_collective_application_requires_the_invoice_date()
    {
        Assert.Equal(["invoiceDate"], Check(Form() with { Nature = ApplicationNature.Collective }));
        Assert.Empty(Check(Form() with { Nature = ApplicationNature.Collective, InvoiceDate = new DateOnly(2026, 8, 20) }));
    }

    [Fact]
    public void R_APP_2_collective_application_records_the_invoice_date_not_the_entry_date()
    {
        var form = Form() with { Nature = ApplicationNature.Collective, InvoiceDate = new DateOnly(2026, 8, 20) };

        var submitted = ApplicationDecisions.Submit(form, Given.AccountId, Given.Number, Given.HolderPartyId, null, Given.AppliedAt, Given.Policy);

        Assert.Equal(new DateOnly(2026, 8, 20), submitted.InvoiceDate);
        Assert.Equal(ApplicationNature.Collective, submitted.Nature);
        Assert.Equal(Given.AppliedAt, submitted.OccurredAt);
    }

    [Fact]
    public void R_APP_2_lost_collective_invoice_is_recorded_as_2002_01_01()
    {
        var form = Form() with { Nature = ApplicationNature.Collective, InvoiceLost = true };

        Assert.Empty(Check(form));
        Assert.Equal(new DateOnly(2002, 1, 1), ApplicationRules.InvoiceDate(form, Given.Policy));
        var submitted = ApplicationDecisions.Submit(form, Given.AccountId, Given.Number, Given.HolderPartyId, null, Given.AppliedAt, Given.Policy);
        Assert.Equal(new DateOnly(2002, 1, 1), submitted.InvoiceDate);
    }

    [Fact]
    public void R_APP_2_invoice_lost_applies_to_collective_applications_only()
    {
        var form = Form() with { InvoiceLost = true };

        Assert.Equal(["invoiceLost"], Check(form));
        Assert.Null(ApplicationRules.InvoiceDate(form, Given.Policy));
    }

    [Fact]
    public void R_APP_2_invoice_date_may_not_be_after_the_application_date()
    {
        Assert.Equal(["invoiceDate"], Check(Form() with { InvoiceDate = ApplicationDate.AddDays(1) }));
        Assert.Equal(["invoiceDate"],
            Check(Form() with { Nature = ApplicationNature.Collective, InvoiceDate = ApplicationDate.AddDays(1) }));
    }

    [Fact]
    public void R_APP_2_invoice_date_on_the_application_date_is_fine()
    {
        Assert.Empty(Check(Form() with { InvoiceDate = ApplicationDate }));
        Assert.Empty(Check(Form() with { Nature = ApplicationNature.Collective, InvoiceDate = ApplicationDate }));
    }

    [Fact]
    public void R_APP_2_several_broken_rules_are_reported_together()
    {
        var form = Form() with
        {
            Holder = Form().Holder! with { Name = "张 三" },
            MeterType = MeterType.IcCard,
            Sms = new SmsForm { Number = "13800138000" },
            InvoiceDate = ApplicationDate.AddDays(3),
        };

        Assert.Equal(["holder.name", "invoiceDate", "paymentMethod", "sms.provider"], Check(form));
    }

    // ---- personal identifiers' form ----

    [Theory]
    [InlineData("11010119900307123")] // 17 characters
    [InlineData("1101011990030712345")] // 19 characters
    [InlineData("110101199013071234")] // month 13
    [InlineData("110101199002301234")] // 30 February
    [InlineData("110101189903071234")] // born before 1900
    [InlineData("11010119900307123Y")]
    [InlineData("A10101199003071234")]
    public void R_APP_2_invalid_national_id_number_is_refused(string id)
    {
        Assert.False(ApplicationRules.IsNationalId(id));
        Assert.Equal(["holder.idNumber"], Check(Form() with { Holder = Form().Holder! with { IdNumber = id } }));
    }

    [Theory]
    [InlineData("110101199003071234")]
    [InlineData("11010119900307123X")]
    [InlineData("11010119900307123x")]
    [InlineData("110101200002291234")] // 29 February of a leap year
    public void R_APP_2_valid_national_id_number_passes(string id)
    {
        Assert.True(ApplicationRules.IsNationalId(id));
        Assert.Empty(Check(Form() with { Holder = Form().Holder! with { IdNumber = id } }));
    }

    [Fact]
    public void R_APP_2_national_id_form_is_checked_for_persons_only()
    {
        var organisation = Form().Holder! with { Kind = PartyKind.Organisation, Name = "翠苑物业", IdNumber = "91330100MA2AXXXX1X" };

        Assert.Empty(Check(Form() with { Holder = organisation }));
    }

    [Theory]
    [InlineData("1380013800")] // 10 digits
    [InlineData("138001380001")] // 12 digits
    [InlineData("23800138000")]
    [InlineData("138-0013-8000")]
    [InlineData("12345")]
    [InlineData("+8613800138000")]
    public void R_APP_2_invalid_phone_number_is_refused(string phone)
    {
        Assert.False(ApplicationRules.IsPhone(phone));
        Assert.Equal(["holder.phone"], Check(Form() with { Holder = Form().Holder! with { Phone = phone } }));
    }

    [Theory]
    [InlineData("13800138000")]
    [InlineData("010-12345678")]
    [InlineData("057188888888")]
    [InlineData("0571-8888888")]
    [InlineData("88888888")]
    public void R_APP_2_valid_phone_number_passes(string phone)
    {
        Assert.True(ApplicationRules.IsPhone(phone));
        Assert.Empty(Check(Form() with { Holder = Form().Holder! with { Phone = phone } }));
    }

    [Theory]
    [InlineData("13800138000\n")]
    [InlineData("1３８００１３８０００")] // '1' then full-width digits, as a Chinese IME in full-width mode types them
    [InlineData("８８８８８８８８")] // a local number in full-width digits
    [InlineData("٨٨٨٨٨٨٨٨")] // Arabic-Indic digits
    public void R_APP_2_phone_with_a_trailing_newline_or_non_ascii_digits_is_not_a_phone_number(string phone)
    {
        Assert.False(ApplicationRules.IsPhone(phone));
        Assert.Equal(["holder.phone"], Check(Form() with { Holder = Form().Holder! with { Phone = phone } }));
    }

    [Theory]
    [InlineData("6222020202020202020\n")]
    [InlineData("６２２２０２０２０２０２０２０２０２０")]
    public void R_APP_2_card_number_with_a_trailing_newline_or_non_ascii_digits_is_refused(string card)
    {
        var form = Form() with { PaymentMethod = PaymentMethod.BankDirectDebit, Bank = FullBank with { CardNumber = card } };

        Assert.Equal(["bank.cardNumber"], Check(form));
    }

    [Fact]
    public void R_APP_2_national_id_with_a_trailing_newline_is_refused()
    {
        Assert.False(ApplicationRules.IsNationalId("110101199003071234\n"));
    }

    // ---- R-APP-1: the event ----

    [Fact]
    public void R_APP_1_submit_trims_the_address_and_records_blank_parts_as_missing()
    {
        var form = Form() with
        {
            Address = new AddressForm { District = " 西湖区 ", Community = "翠苑一区 ", Building = " 12", Unit = "  ", Room = null },
            Sms = new SmsForm { Number = "13800138000", Provider = "中国移动" },
            Remarks = "   ",
        };
        var mandate = new BankMandate("card_x", "2020", "工商银行");

        var e = ApplicationDecisions.Submit(form, Given.AccountId, Given.Number, Given.HolderPartyId, mandate, Given.AppliedAt, Given.Policy);

        Assert.Equal(new Address("西湖区", "翠苑一区", "12", null, null), e.Address);
        Assert.Null(e.Remarks);
        Assert.Equal("中国移动", e.SmsProvider);
        Assert.Same(mandate, e.Bank);
        Assert.Equal((Given.AccountId, Given.Number, Given.HolderPartyId, PartyKind.Person), (e.AccountId, e.AccountNumber, e.HolderPartyId, e.HolderKind));
        Assert.Equal((CustomerCategory.Residential, (BuildingType?)BuildingType.MultiStorey, MeterType.ReadMeter, PaymentMethod.Counter),
            (e.Category, e.BuildingType, e.MeterType, e.PaymentMethod));
    }

    [Fact]
    public void R_ACC_6_an_application_opens_the_account_as_applied()
    {
        var account = Account.Create(Given.Submitted());

        Assert.Equal(AccountStatus.Applied, account.Status);
        Assert.Equal(Given.Number, account.Number);
        Assert.Equal(Given.HolderPartyId, account.HolderPartyId);
        Assert.Equal(Given.AppliedAt, account.AppliedAt);
        Assert.Equal(Given.AppliedAt, account.LastOccurredAt);
        Assert.Null(account.Fee);
        Assert.False(account.FeeSettled);
    }

    // ---- R-ACC-3: account number ----

    [Theory]
    [InlineData(1L, "3300000001")]
    [InlineData(42L, "3300000042")]
    [InlineData(12345678L, "3312345678")]
    public void R_ACC_3_account_number_is_the_prefix_and_an_eight_digit_serial(long serial, string expected)
    {
        Assert.Equal(expected, ApplicationDecisions.AccountNumber(serial, Given.Policy));
    }

    [Fact]
    public void R_ACC_3_account_number_prefix_and_width_come_from_the_policy()
    {
        var policy = Given.Policy with { AccountNumberPrefix = "57", AccountNumberDigits = 6 };

        Assert.Equal("57000042", ApplicationDecisions.AccountNumber(42, policy));
    }

    [Fact]
    public void R_ACC_3_different_serials_give_different_account_numbers()
    {
        var numbers = Enumerable.Range(1, 1000).Select(i => ApplicationDecisions.AccountNumber(i, Given.Policy)).ToList();

        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.All(numbers, n => Assert.Equal(10, n.Length));
    }

    // ---- R-APP-3: the fee ----

    [Theory]
    [InlineData(BuildingType.MultiStorey, 2400)]
    [InlineData(BuildingType.HighRise, 2850)]
    [InlineData(BuildingType.Villa, 4000)]
    public void R_APP_3_fee_schedule_per_building_type(BuildingType type, int fee)
    {
        Assert.Equal(fee, Given.Policy.ResidentialFee(type));
    }

    [Theory]
    [InlineData(BuildingType.MultiStorey, 2400)]
    [InlineData(BuildingType.HighRise, 2850)]
    [InlineData(BuildingType.Villa, 4000)]
    public void R_APP_3_residential_fee_equal_to_the_schedule_is_recorded(BuildingType type, int amount)
    {
        var account = Given.Applied(new AccountSpec { BuildingType = type });
        var fee = Given.Fee(amount);

        var decision = ApplicationDecisions.PayFee(account, fee, Given.Policy);

        Expect.AcceptedAsIs(decision, fee);
        var paid = account.After(decision);
        Assert.Equal(AccountStatus.Installing, paid.Status);
        Assert.Equal(new FeeRecord(amount, "33010000123", new DateOnly(2026, 9, 1), Given.FeePaidAt), paid.Fee);
        Assert.True(paid.FeeSettled);
    }

    [Theory]
    [InlineData(BuildingType.MultiStorey, 2850)]
    [InlineData(BuildingType.HighRise, 2400)]
    [InlineData(BuildingType.Villa, 2400)]
    [InlineData(BuildingType.Villa, 3999.99)]
    [InlineData(BuildingType.MultiStorey, 0)]
    public void R_APP_3_residential_fee_other_than_the_schedule_is_invalid_on_amount(BuildingType type, double amount)
    {
        var account = Given.Applied(new AccountSpec { BuildingType = type });

        var decision = ApplicationDecisions.PayFee(account, Given.Fee((decimal)amount), Given.Policy);

        var errors = Expect.Invalid(decision, "amount");
        Assert.Contains(Given.Policy.ResidentialFee(type).ToString(System.Globalization.CultureInfo.InvariantCulture), errors["amount"][0]);
    }

    [Fact]
    public void R_APP_3_the_fee_schedule_is_the_policys()
    {
        var policy = Given.Policy with { ResidentialFeeMultiStorey = 2600m };
        var account = Given.Applied();

        Expect.Invalid(ApplicationDecisions.PayFee(account, Given.Fee(2400m), policy), "amount");
        Expect.Accepted(ApplicationDecisions.PayFee(account, Given.Fee(2600m), policy));
    }

    [Fact]
    public void R_APP_3_non_residential_fee_is_not_bound_by_the_residential_schedule()
    {
        var account = Given.Applied(AccountSpec.NonResidential(CustomerCategory.PublicService));
        var fee = Given.Fee(18_750m);

        Expect.AcceptedAsIs(ApplicationDecisions.PayFee(account, fee, Given.Policy), fee);
    }

    [Fact]
    public void R_APP_3_fee_paid_twice_is_a_conflict()
    {
        var paid = Given.FeePaid();

        var detail = Expect.Conflict(ApplicationDecisions.PayFee(paid, Given.Fee(2400m, Given.Later), Given.Policy), "already recorded", "33010000123");
        Assert.Contains(Given.Number, detail);
    }

    [Fact]
    public void R_APP_3_fee_invoice_may_not_be_dated_after_the_payment()
    {
        var fee = new ApplicationFeePaid(2400m, "33010000123", new DateOnly(2026, 9, 2), Given.FeePaidAt);

        Expect.Invalid(ApplicationDecisions.PayFee(Given.Applied(), fee, Given.Policy), "invoiceDate");
    }

    [Fact]
    public void R_APP_3_fee_invoice_date_is_compared_with_the_payment_day_in_company_time()
    {
        // 2026-09-01T17:00Z is already 2 September in Shanghai: an invoice of 2 September is not after the payment.
        var fee = new ApplicationFeePaid(2400m, "33010000123", new DateOnly(2026, 9, 2), new DateTimeOffset(2026, 9, 1, 17, 0, 0, TimeSpan.Zero));

        Expect.AcceptedAsIs(ApplicationDecisions.PayFee(Given.Applied(), fee, Given.Policy), fee);
    }

    [Fact]
    public void R_APP_3_fee_on_a_closed_account_is_a_conflict_naming_closed()
    {
        var closed = Given.Applied().Fold(new AccountClosed(ClosureReason.ApplicationWithdrawn, Given.Later));

        Expect.Conflict(ApplicationDecisions.PayFee(closed, Given.Fee(2400m, Given.Later), Given.Policy), "closed");
    }

    [Fact]
    public void R_APP_3_installation_is_not_scheduled_before_the_fee_is_paid()
    {
        var applied = Given.Applied();

        var detail = Expect.Conflict(InstallationDecisions.Schedule(applied, Given.Schedule(), Given.Policy), "fee is not paid");
        Assert.Contains(Given.Number, detail);
    }

    [Fact]
    public void R_APP_3_installation_is_scheduled_once_the_fee_is_paid()
    {
        var scheduled = Given.Schedule();
        var paid = Given.FeePaid();

        var decision = InstallationDecisions.Schedule(paid, scheduled, Given.Policy);

        Expect.AcceptedAsIs(decision, scheduled);
        var state = paid.After(decision);
        Assert.Equal(AccountStatus.Installing, state.Status);
        Assert.Equal(new InstallationRecord(InstallationKind.New, Given.AppointmentDate, Given.ScheduledAt, null, null, null), state.Installation);
    }

    [Fact]
    public void R_APP_3_collective_application_with_an_invoice_date_may_be_scheduled_without_a_fee()
    {
        var collective = Given.Applied(new AccountSpec { Nature = ApplicationNature.Collective, InvoiceDate = new DateOnly(2026, 8, 20) });
        var scheduled = Given.Schedule();

        Assert.True(collective.FeeSettled);
        Assert.Null(collective.Fee);
        var decision = InstallationDecisions.Schedule(collective, scheduled, Given.Policy);

        Expect.AcceptedAsIs(decision, scheduled);
        Assert.Equal(AccountStatus.Installing, collective.After(decision).Status);
    }

    [Fact]
    public void R_APP_3_collective_application_with_a_lost_invoice_may_be_scheduled_without_a_fee()
    {
        var collective = Given.Applied(new AccountSpec { Nature = ApplicationNature.Collective, InvoiceDate = Given.Policy.LostCollectiveInvoiceDate });

        Expect.Accepted(InstallationDecisions.Schedule(collective, Given.Schedule(), Given.Policy));
    }

    [Fact]
    public void R_APP_3_individual_application_with_an_invoice_date_still_needs_the_fee()
    {
        var individual = Given.Applied(new AccountSpec { InvoiceDate = new DateOnly(2026, 8, 20) });

        Assert.False(individual.FeeSettled);
        Expect.Conflict(InstallationDecisions.Schedule(individual, Given.Schedule(), Given.Policy), "fee is not paid");
    }
}
