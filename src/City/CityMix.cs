namespace GasLedger.City;

/// <summary>
/// 模拟城市的构成与频率 — the proportions and yearly rates of the synthetic city, each with why it is what it is. The
/// figures are those of a mid-size city gas company of about a million supply points (the seeds' documents and the
/// published yearbooks of Chinese city gas companies: households are the great majority of points, while commerce and
/// industry take most of the volume).
/// </summary>
public static class CityMix
{
    /// <summary>
    /// R-ACC-2: the nine categories. Households are ~94 % of supply points (one per flat); public service and
    /// commerce (restaurants, schools, hospitals, hotels) ~4.6 %; industry under 1 %; the distribution and vehicle or
    /// LNG categories are a few hundred points each in a city of a million.
    /// </summary>
    public static readonly (CustomerCategory Item, double Weight)[] Categories =
    [
        (CustomerCategory.Residential, 94.0), (CustomerCategory.PublicService, 4.6), (CustomerCategory.Industrial, 0.8),
        (CustomerCategory.Distribution, 0.2), (CustomerCategory.CngVehicle, 0.15), (CustomerCategory.CngMotherStation, 0.05),
        (CustomerCategory.LngVehicleVessel, 0.1), (CustomerCategory.LngFactoryRetail, 0.05), (CustomerCategory.LngTrade, 0.05),
    ];

    /// <summary>
    /// R-APP-1: the city's housing stock: high-rise estates of the last twenty years, older multi-storey walk-ups, few
    /// villas.
    /// </summary>
    public static readonly (BuildingType Item, double Weight)[] BuildingTypes =
        [(BuildingType.HighRise, 50), (BuildingType.MultiStorey, 45), (BuildingType.Villa, 5)];

    /// <summary>R-APP-1: IC-card (prepaid) meters in a little over half of homes; commerce and industry are read monthly.</summary>
    public const double ResidentialIcCardShare = 0.55, NonResidentialIcCardShare = 0.10;

    /// <summary>R-APP-2 (1), (4): how a read meter is paid: bank direct debit (with a card), at the counter, or online.</summary>
    public static readonly (PaymentMethod Item, double Weight)[] ReadMeterPayments =
        [(PaymentMethod.BankDirectDebit, 35), (PaymentMethod.Online, 40), (PaymentMethod.Counter, 25)];

    /// <summary>R-APP-1: where applications come in: most at the counter or online, some by phone.</summary>
    public static readonly (ApplicationChannel Item, double Weight)[] Channels =
        [(ApplicationChannel.Counter, 45), (ApplicationChannel.Online, 40), (ApplicationChannel.Phone, 15)];

    public static readonly (ApplicationPriority Item, double Weight)[] Priorities =
        [(ApplicationPriority.ByAppointment, 45), (ApplicationPriority.Asap, 30), (ApplicationPriority.Waiting, 20),
            (ApplicationPriority.Urgent, 5)];

    /// <summary>R-APP-1: a third of new homes are connected estate by estate on the developer's collective application (集体).</summary>
    public const double ResidentialCollectiveShare = 0.30;

    /// <summary>R-APP-2 (6): a collective invoice is sometimes lost and recorded as the policy's placeholder date.</summary>
    public const double LostCollectiveInvoiceShare = 0.02;

    /// <summary>R-ACC-5: special-care holders (老弱病残) among households: an ageing city's few percent.</summary>
    public const double SpecialCareShare = 0.06;

    /// <summary>R-APP-2 (5): holders who want SMS notices.</summary>
    public const double SmsShare = 0.6;

    /// <summary>
    /// Start dates: half of the accounts are the existing base, applied for in the window's first three months
    /// (the data take-over); the rest arrive over the remaining years with growth (density rising linearly to twice
    /// its start by the end).
    /// </summary>
    public const double ExistingBaseShare = 0.5;
    public const int ExistingBaseMonths = 3;

    /// <summary>R-SAT-3: how holders answer: mostly satisfied, a few percent dissatisfied.</summary>
    public static readonly (SatisfactionLevel Item, double Weight)[] Satisfaction =
    [
        (SatisfactionLevel.VerySatisfied, 55), (SatisfactionLevel.Satisfied, 30), (SatisfactionLevel.FairlySatisfied, 11),
        (SatisfactionLevel.Dissatisfied, 4),
    ];

    // Rates per active account and year.

    /// <summary>R-CMP-1: complaints, ~3 % of accounts a year (hotline statistics of city utilities: 2–4 %).</summary>
    public const double ComplaintsPerYear = 0.03;

    /// <summary>R-REP-1: repairs of the holder's facilities, ~7 % of accounts a year; of them 5 % gas-leak emergencies.</summary>
    public const double RepairsPerYear = 0.07, EmergencyShare = 0.05;

    /// <summary>R-TRF-1: transfers on sale or inheritance of the home, ~2 % a year.</summary>
    public const double TransfersPerYear = 0.02;

    /// <summary>R-SUP-2: closures (moving out, demolition), ~1 % a year; closed accounts stop.</summary>
    public const double ClosuresPerYear = 0.01;

    /// <summary>R-SUP-2: suspensions for arrears of read-meter accounts (IC cards cannot fall into arrears), ~1.5 % a year.</summary>
    public const double ArrearsPerYear = 0.015;

    /// <summary>R-INSP-3: holders asking for an inspection themselves, ~1 % a year.</summary>
    public const double InspectionRequestsPerYear = 0.01;

    /// <summary>R-INSP-2: an inspector finds nobody home in ~12 % of visits, and comes back in one to three weeks.</summary>
    public const double NotHomeShare = 0.12;

    /// <summary>R-HAZ-1: ~8 % of inspections find hazards (mostly aged hoses); ~5 % of hazards are severe (a leak).</summary>
    public const double HazardShare = 0.08;

    public static readonly (HazardCode Item, double Weight)[] HazardCodes =
    [
        (HazardCode.AgedHose, 45), (HazardCode.NoFlameOutProtection, 20), (HazardCode.PoorVentilation, 15),
        (HazardCode.IllegalModification, 10), (HazardCode.Leak, 5), (HazardCode.Other, 5),
    ];

    /// <summary>The share of each time limit kept late, as a real utility: a few percent.</summary>
    public const double LateShare = 0.03;

    /// <summary>R-CB-1: callbacks that do not reach the holder at the first try (then tried again the next day).</summary>
    public const double UnreachedShare = 0.08;

    /// <summary>Monthly gas use by month (January first): a northern city heats with gas, so winter is twice the year's mean.</summary>
    public static readonly double[] Season = [2.0, 1.8, 1.4, 1.0, 0.7, 0.55, 0.5, 0.5, 0.6, 0.85, 1.3, 1.8];

    /// <summary>
    /// Mean monthly volume (m³) by category: a home ~22 m³ (R-CLS-2 tiers: most B and C), commerce and industry far
    /// more.
    /// </summary>
    public static double MeanMonthlyVolume(CustomerCategory category) => category switch
    {
        CustomerCategory.Residential => 22,
        CustomerCategory.PublicService => 1_500,
        CustomerCategory.Industrial => 40_000,
        CustomerCategory.Distribution => 30_000,
        CustomerCategory.CngVehicle => 25_000,
        CustomerCategory.CngMotherStation => 90_000,
        CustomerCategory.LngVehicleVessel => 20_000,
        CustomerCategory.LngFactoryRetail => 15_000,
        _ => 50_000,
    };

    /// <summary>Gas price by category, CNY per m³ (residential first tier; non-residential).</summary>
    public static decimal Price(CustomerCategory category) => category == CustomerCategory.Residential ? 2.80m : 3.65m;

    /// <summary>R-CMP-7: complaints acknowledged as a step of their own before the handling decision.</summary>
    public const double ComplaintsAcknowledgedApart = 0.7;

    /// <summary>R-TL-1: holders asking for their corrugated hose to be replaced, a year.</summary>
    public const double HoseReplacementsPerYear = 0.02;

    /// <summary>R-CB-7: reached callbacks that ask each question (attitude, timeliness, quality, charges) apart.</summary>
    public const double CallbacksWithQuestions = 0.3;

    /// <summary>R-APP-6: applications declined after the survey, where no main reaches the address: about one in a hundred.</summary>
    public const double DeclinedShare = 0.01;

    /// <summary>R-APP-7: of collective applications, the estates the developer metered already (已统一装表): a quarter.</summary>
    public const double PreMeteredCollectiveShare = 0.25;

    /// <summary>R-APP-8: holders who sign for the leaflets and both agreements at application (the rest sign later, or never).</summary>
    public const double AgreementsSignedShare = 0.97;

    /// <summary>R-APP-8: the yearly round of safety material reaches most holders; the rest are on the list of those without.</summary>
    public const double SafetyMaterialReachedShare = 0.95;

    /// <summary>R-TL-2: gas-on requests whose clock stands a few days because the holder asks for a later date.</summary>
    public const double IgnitionPausedShare = 0.05;

    /// <summary>R-ACC-7: holders changing their phone or SMS number at the counter, a year (new numbers, new carriers).</summary>
    public const double ContactChangesPerYear = 0.04;

    /// <summary>R-ACC-7: read-meter holders changing how they pay (mostly to or from a direct debit), a year.</summary>
    public const double PaymentMethodChangesPerYear = 0.02;

    /// <summary>
    /// R-ACC-7: meters replaced, a year: a domestic diaphragm meter is changed after its verification period (6–10
    /// years), or when it fails; some change type (read meter ⇄ IC card) on the holder's request.
    /// </summary>
    public const double MeterReplacementsPerYear = 0.03, MeterTypeChangeShare = 0.1;

    /// <summary>R-ACC-7: IC cards lost or broken, a year.</summary>
    public const double CardReissuesPerYear = 0.02;

    /// <summary>R-APP-5: holders asking at the counter about a bill, a year.</summary>
    public const double BillQueriesPerYear = 0.03;

    /// <summary>R-APP-5: counter payers pay each month's bill at the counter; a few let two months run together.</summary>
    public const double BillPaidMonthlyShare = 0.85;

    /// <summary>
    /// R-SAT-5: a mystery customer's visit is about a counter transaction of an account, about one in 400 accounts a year;
    /// the periodic survey samples about 2 % of holders a year.
    /// </summary>
    public const double MysteryVisitsPerYear = 0.0025, SurveysPerYear = 0.02;

    /// <summary>
    /// R-CLS-6: public-service accounts a customer manager designates key (hospitals, schools, care homes), some time after
    /// gas-on; a few designations are undone later (the premises move).
    /// </summary>
    public const double KeyDesignatedPublicServiceShare = 0.08, KeyDesignationUndoneShare = 0.1;

    /// <summary>
    /// R-SUP-4: interruptions of a whole estate or street, a year each: planned works on the mains (a day's window, told
    /// three days ahead) and emergencies (a damaged main, back within hours).
    /// </summary>
    public const double PlannedInterruptionsPerYear = 0.3, EmergencyInterruptionsPerYear = 0.1;
}
