namespace GasLedger.Domain;

/// <summary>The time limits the company promised (sections 2–8 of the rule catalogue).</summary>
public sealed partial record ServicePolicy
{
    /// <summary>R-INS-2: new installation, working days from the day after application and fee are complete.</summary>
    public int InstallationNewWorkingDays { get; init; } = 5;

    /// <summary>R-INS-2: modification of an already-metered home (改装), working days.</summary>
    public int InstallationModificationWorkingDays { get; init; } = 5;

    /// <summary>R-INS-2: common-facility modification (进户管、立管), working days, or a later date agreed with the holder.</summary>
    public int InstallationCommonFacilityWorkingDays { get; init; } = 15;

    /// <summary>R-IGN-1: gas-on within this many working days counted from the day after the request.</summary>
    public int IgnitionWorkingDays { get; init; } = 3;

    /// <summary>R-CAL-2: the office opens at this time on its working days.</summary>
    public TimeOnly OfficeOpens { get; init; } = new(8, 30);

    /// <summary>R-CAL-2: the office closes at this time in winter …</summary>
    public TimeOnly OfficeClosesWinter { get; init; } = new(16, 30);

    /// <summary>R-CAL-2: … and at this time in summer, from <see cref="SummerHoursFrom"/> to <see cref="SummerHoursUntil"/> (month and day).</summary>
    public TimeOnly OfficeClosesSummer { get; init; } = new(17, 0);
    public DateOnly SummerHoursFrom { get; init; } = new(2000, 5, 1);
    public DateOnly SummerHoursUntil { get; init; } = new(2000, 9, 30);

    /// <summary>R-CAL-5: home visits on working days, from and until.</summary>
    public TimeOnly WorkingDayVisitsFrom { get; init; } = new(8, 0);
    public TimeOnly WorkingDayVisitsUntil { get; init; } = new(18, 0);

    /// <summary>R-CAL-5: home visits on the other days (weekends, holidays), from and until.</summary>
    public TimeOnly OtherDayVisitsFrom { get; init; } = new(9, 0);
    public TimeOnly OtherDayVisitsUntil { get; init; } = new(17, 0);

    /// <summary>R-TL-3: a repair at the holder's home is reached within this many office hours in the city …</summary>
    public int RepairArrivalOfficeHoursCity { get; init; } = 6;

    /// <summary>R-TL-3: … and within this many in the suburbs.</summary>
    public int RepairArrivalOfficeHoursSuburb { get; init; } = 7;

    /// <summary>R-INSP-3: an inspection the holder asked for is done within this many days (calendar days).</summary>
    public int RequestedInspectionDays { get; init; } = 3;

    /// <summary>R-CMP-4: first reply within this many hours.</summary>
    public int ComplaintReplyHours { get; init; } = 48;

    /// <summary>R-CMP-4: handling decision notified within this many working days.</summary>
    public int ComplaintDecisionWorkingDays { get; init; } = 3;

    /// <summary>R-CMP-4: a simple complaint resolved within this many working days.</summary>
    public int ComplaintSimpleWorkingDays { get; init; } = 3;

    /// <summary>R-CMP-4: a complex complaint resolved within this many working days.</summary>
    public int ComplaintComplexWorkingDays { get; init; } = 7;

    /// <summary>R-CMP-6: whoever receives a request owns it until it is answered, at most this many days.</summary>
    public int FirstResponderDays { get; init; } = 7;

    /// <summary>R-REP-2: a repair of the holder's facilities is handled (technician on site) within this many hours.</summary>
    public int RepairHandlingHours { get; init; } = 6;

    /// <summary>R-REP-2: and repaired within this many hours.</summary>
    public int RepairCompletionHours { get; init; } = 24;

    /// <summary>R-REP-2: on site within this many minutes of an emergency (gas leak) report.</summary>
    public int EmergencyArrivalMinutes { get; init; } = 30;

    /// <summary>R-SUP-1: holders are notified of a planned interruption at least this many hours ahead.</summary>
    public int PlannedInterruptionNoticeHours { get; init; } = 48;

    /// <summary>R-APP-4: counter commitment to open an account, minutes (read meter).</summary>
    public int CounterOpenAccountMinutes { get; init; } = 10;

    /// <summary>R-APP-4: counter commitment to open an IC-card account, minutes.</summary>
    public int CounterOpenIcCardAccountMinutes { get; init; } = 15;

    /// <summary>R-APP-4: counter commitment for a transfer, minutes.</summary>
    public int CounterTransferMinutes { get; init; } = 10;

    /// <summary>R-APP-5: counter commitment to pay a gas bill or top up a card, minutes.</summary>
    public int CounterPaymentMinutes { get; init; } = 3;

    /// <summary>R-APP-5: counter commitment to set up a direct debit, minutes.</summary>
    public int CounterDirectDebitMinutes { get; init; } = 5;

    /// <summary>R-APP-5: counter commitment for a bill query, minutes.</summary>
    public int CounterBillQueryMinutes { get; init; } = 5;

    /// <summary>
    /// R-APP-4/5: the handling-time commitment of a counter transaction, minutes; none for the account keeping the
    /// regulations give no time for (contact, payment method other than a direct debit, meter, card).
    /// </summary>
    public int? CounterCommitmentMinutes(Counter.CounterTransaction transaction) => transaction switch
    {
        Counter.CounterTransaction.OpenAccount => CounterOpenAccountMinutes,
        Counter.CounterTransaction.OpenIcCardAccount => CounterOpenIcCardAccountMinutes,
        Counter.CounterTransaction.Transfer => CounterTransferMinutes,
        Counter.CounterTransaction.BillPayment or Counter.CounterTransaction.CardTopUp => CounterPaymentMinutes,
        Counter.CounterTransaction.DirectDebitSetUp => CounterDirectDebitMinutes,
        Counter.CounterTransaction.BillQuery => CounterBillQueryMinutes,
        _ => null,
    };
}

public sealed partial record ServicePolicy
{
    /// <summary>
    /// R-INSP-1: an inspection within this many days before a holiday answers a public-service building's pre-holiday
    /// inspection.
    /// </summary>
    public int HolidayInspectionWindowDays { get; init; } = 30;
}
