using System.Text.Json.Nodes;
using GasLedger.Api.Security;

namespace GasLedger.Api.Tests;

/// <summary>
/// Builders for given-states, driven through the HTTP API like a client would: each step is the contract's body with
/// a fixed business time, so the histories are the same on every run.
/// </summary>
public sealed class Journey(GasLedgerApp app)
{
    public static DateTimeOffset Day(int month, int day, int hour = 10, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    public static object Application(string name = "张三", string idNumber = "110101199003071234", string phone = "13800138000",
        string card = "6222020202020202020", DateTimeOffset? at = null, string district = "西湖区") => new
    {
        holder = new { kind = "person", name, idNumber, phone, specialCare = false },
        address = new { district, community = "翠苑一区", building = "12", unit = "2", room = "301" },
        category = "residential", buildingType = "multiStorey", meterType = "readMeter", paymentMethod = "bankDirectDebit",
        bank = new { cardNumber = card, bankName = "工商银行", cardHolder = name },
        channel = "counter", nature = "individual", priority = "waiting",
        sms = new { number = phone, provider = "中国移动" },
        invoiceDate = "2026-09-01", remarks = "",
        occurredAt = at ?? Day(9, 1, 9, 10),
    };

    public Guid AccountId { get; private set; }
    public string A => $"/api/accounts/{AccountId}";
    public Guid HazardId { get; private set; }
    public Guid ComplaintId { get; private set; }
    public Guid RepairId { get; private set; }

    public Task<JsonNode?> Post(string role, string path, object body, int expect = 200) => app.Post(role, A + path, body, expect);

    public async Task<Journey> Applied(object? application = null)
    {
        var answer = await app.Post(StaffRoles.Agent, "/api/accounts", application ?? Application(), 201);
        AccountId = answer!["accountId"]!.GetValue<Guid>();
        return this;
    }

    /// <summary>The steps from an application to gas on (September 2026).</summary>
    private static readonly (string Role, string Path, object Body)[] ToGasOn =
    [
        (StaffRoles.Agent, "/application-fee", new { amount = 2400, invoiceNumber = "33010000123", invoiceDate = "2026-09-01", occurredAt = Day(9, 1, 9, 20) }),
        (StaffRoles.Agent, "/installation/schedule", new { kind = "new", appointmentDate = "2026-09-04", occurredAt = Day(9, 2) }),
        (StaffRoles.Technician, "/installation/complete", new { installer = "S-1021", meterSerial = "M2026090001", pipeLengthMeters = 6.5, overLengthCharge = 0, occurredAt = Day(9, 4, 15) }),
        (StaffRoles.Agent, "/ignition/request", new { requestedDate = "2026-09-08", occurredAt = Day(9, 5, 9) }),
        (StaffRoles.Technician, "/ignition/complete", new
        {
            technician = "S-2001", stoveHasFlameOutProtection = true, airtightnessPassed = true,
            hose = new { lengthMeters = 1.5, price = 45, invoiced = true }, occurredAt = Day(9, 8, 10, 30),
        }),
    ];

    /// <summary>Applied, paid, installed, gas on (September 2026).</summary>
    public Task<Journey> Active(object? application = null) => Before(null, application);

    /// <summary>Applied, and on the way to gas on up to (not including) the step at <paramref name="path"/>.</summary>
    public async Task<Journey> Before(string? path, object? application = null)
    {
        await Applied(application);
        foreach (var (role, step, body) in ToGasOn.TakeWhile(s => s.Path != path)) await Post(role, step, body);
        return this;
    }

    /// <summary>
    /// The whole lifecycle of the issue: apply, pay, install, ignite, inspect with a hazard, rectify, complain and
    /// follow up dissatisfied (reopened) then satisfied, repair, call back, record usage, transfer, suspend, resume,
    /// close.
    /// </summary>
    public async Task<Journey> Full(object? application = null)
    {
        await Active(application);
        var inspection = await Post(StaffRoles.Technician, "/inspections", new
        {
            inspector = "S-3001", outcome = "hazardsFound", hazards = new[] { new { code = "agedHose", severity = "minor" } },
            requestedByHolder = false, occurredAt = Day(10, 10, 14),
        }, 201);
        HazardId = inspection!["hazardIds"]![0]!.GetValue<Guid>();
        await Post(StaffRoles.Technician, $"/hazards/{HazardId}/rectify", new { recheckedBy = "S-3001", occurredAt = Day(10, 12, 11) });

        var complaint = await Post(StaffRoles.Agent, "/complaints",
            new { channel = "phone", category = "charges", complexity = "simple", content = "点火时收软管费未开票", occurredAt = Day(10, 15, 9) }, 201);
        ComplaintId = complaint!["complaintId"]!.GetValue<Guid>();
        var c = $"/complaints/{ComplaintId}";
        await Post(StaffRoles.Agent, c + "/reply", new { by = "S-5001", decision = "核查收费记录", occurredAt = Day(10, 15, 16) });
        await Post(StaffRoles.Agent, c + "/resolve", new { by = "S-5001", resolution = "补开发票", occurredAt = Day(10, 16) });
        await Post(StaffRoles.CallbackStaff, c + "/follow-up", new { by = "S-6001", satisfaction = "dissatisfied", occurredAt = Day(10, 17) });
        await Post(StaffRoles.Agent, c + "/resolve", new { by = "S-5001", resolution = "补开发票并致歉", occurredAt = Day(10, 19) });
        await Post(StaffRoles.CallbackStaff, c + "/follow-up", new { by = "S-6001", satisfaction = "satisfied", occurredAt = Day(10, 20) });

        var repair = await Post(StaffRoles.Agent, "/repairs", new { emergency = false, description = "灶具打不着火", location = "urban", occurredAt = Day(10, 22, 8) }, 201);
        RepairId = repair!["repairId"]!.GetValue<Guid>();
        var r = $"/repairs/{RepairId}";
        await Post(StaffRoles.Agent, r + "/dispatch", new { technician = "S-2002", occurredAt = Day(10, 22, 8, 10) });
        await Post(StaffRoles.Technician, r + "/arrive", new { occurredAt = Day(10, 22, 9, 30) });
        await Post(StaffRoles.Technician, r + "/complete", new { airtightnessPassed = true, hazards = Array.Empty<object>(), charge = new { amount = 30, invoiced = true }, occurredAt = Day(10, 22, 10, 30) });
        await Post(StaffRoles.CallbackStaff, "/callbacks", new
        {
            kind = "afterRepair", staff = "S-6001", reached = true, satisfaction = "verySatisfied", irregularCharge = new { reported = false },
            opinions = "", followsWorkId = RepairId, occurredAt = Day(10, 22, 10, 40),
        }, 201);
        await Post(StaffRoles.CallbackStaff, "/ratings", new
        {
            source = "technician", staff = "S-2002", stage = "repair", attitude = "verySatisfied", skill = "satisfied",
            arrivalTime = "satisfied", promiseKeeping = "verySatisfied", occurredAt = Day(10, 22, 10, 45),
        }, 201);
        await Post(StaffRoles.Technician, "/usage", new { kind = "meterReading", volumeM3 = 35.2, periodEnd = "2026-10-31", occurredAt = Day(10, 31, 12) }, 201);
        await Post(StaffRoles.Agent, "/transfer", new
        {
            newHolder = new { kind = "person", name = "李四", idNumber = "330102198805120021", phone = "13900139000" },
            propertyProof = "浙(2026)杭州市不动产权第0012345号", paymentMethod = "counter", bank = (object?)null, occurredAt = Day(11, 2),
        });
        await Post(StaffRoles.Agent, "/suspend", new { reason = "holderRequest", occurredAt = Day(11, 5) });
        await Post(StaffRoles.Agent, "/resume", new { occurredAt = Day(11, 6) });
        await Post(StaffRoles.Agent, "/close", new { reason = "holderRequest", occurredAt = Day(11, 10) });
        return this;
    }
}
