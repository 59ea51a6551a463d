namespace GasLedger.Domain;

// Enumerations of the catalogue. They travel as camelCase strings (api-contract.md), never as numbers.

/// <summary>R-ACC-6: the account's state. 户状态.</summary>
public enum AccountStatus { Applied, Installing, Installed, Active, Suspended, Closed }

/// <summary>R-ACC-2: the nine customer categories. 客户类别.</summary>
public enum CustomerCategory
{
    Residential, PublicService, Industrial, Distribution, CngVehicle, CngMotherStation, LngVehicleVessel,
    LngFactoryRetail, LngTrade,
}

/// <summary>R-APP-1: residential building type. 多层 / 高层 / 别墅.</summary>
public enum BuildingType { MultiStorey, HighRise, Villa }

/// <summary>R-APP-1: meter type. 卡表 / 抄表.</summary>
public enum MeterType { IcCard, ReadMeter }

public enum PaymentMethod { TopUp, BankDirectDebit, Counter, Online }

public enum ApplicationChannel { Counter, Phone, Online }

/// <summary>R-APP-1: collective (集体) or individual (散户) application.</summary>
public enum ApplicationNature { Individual, Collective }

/// <summary>R-APP-1: requested priority. 等待安排 / 按照约定 / 尽快安排 / 加急安排.</summary>
public enum ApplicationPriority { Waiting, ByAppointment, Asap, Urgent }

public enum PartyKind { Person, Organisation }

/// <summary>R-INS-2: new installation, modification of a metered home (改装), common facility (进户管、立管).</summary>
public enum InstallationKind { New, Modification, CommonFacility }

public enum IgnitionRefusalReason { NoFlameOutProtection, AirtightnessFailed, HolderAbsent, Other }

/// <summary>R-INSP-2: how an inspection visit ends.</summary>
public enum InspectionOutcome { Passed, HazardsFound, NotHome }

public enum HazardCode { Leak, AgedHose, NoFlameOutProtection, IllegalModification, PoorVentilation, Other }

public enum HazardSeverity { Minor, Major, Severe }

public enum ComplaintChannel { Phone, Online, Letter, Counter }

/// <summary>R-CMP-1, R-INT-1: complaint categories; integrity reports are <see cref="Conduct"/>.</summary>
public enum ComplaintCategory { Attitude, Charges, Delay, Safety, Billing, Quality, Conduct, Other }

public enum ComplaintComplexity { Simple, Complex }

public enum ComplaintStatus { Open, Replied, Resolved, Reopened, Closed }

/// <summary>R-SAT-3: the four levels.</summary>
public enum SatisfactionLevel { VerySatisfied, Satisfied, FairlySatisfied, Dissatisfied }

public enum RepairLocation { Urban, Suburban }

/// <summary>A repair's state; <see cref="Referred"/>: handed to another channel with the reason (R-REP-4).</summary>
public enum RepairStatus { Reported, Dispatched, OnSite, Completed, Referred }

/// <summary>R-REP-4: where a repair came from. 用户报修 / 12345 转办 / 其他部门转交 / 员工发现.</summary>
public enum RepairSource { Holder, CityHotline, OtherDepartment, FoundByStaff }

/// <summary>R-CB-1: callback kinds.</summary>
public enum CallbackKind
{
    AfterIgnition, AfterInspection, AfterInstallation, AfterRepair, AfterComplaint, KeyCustomer, Holiday,
}

/// <summary>
/// R-SAT-1/5: sources of satisfaction observations that are recorded as ratings: the technician's four items, the counter
/// keypad, a mystery-customer visit (神秘客户访问), a periodic survey (满意度调查).
/// </summary>
public enum RatingSource { Technician, CounterKeypad, MysteryCustomer, Survey }

/// <summary>The service stage an observation is about (R-SAT-4 groups by it).</summary>
public enum ServiceStage { Counter, Installation, Ignition, Inspection, Repair, Complaint, Other }

/// <summary>R-SUP-3: meter reading (抄表) or IC-card purchase (购气).</summary>
public enum UsageKind { MeterReading, IcPurchase }

public enum SuspensionReason { Hazard, Arrears, HolderRequest, PlannedWork, Other }

/// <summary>Why an account closed; <see cref="Declined"/>: an application declined after assessment (R-APP-6).</summary>
public enum ClosureReason { HolderRequest, Demolition, Arrears, ApplicationWithdrawn, Other, Declined }
