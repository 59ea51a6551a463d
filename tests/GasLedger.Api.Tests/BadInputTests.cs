using GasLedger.Api.Security;

namespace GasLedger.Api.Tests;

/// <summary>
/// Every command route of the contract, sent malformed JSON, a body missing a required field, and a body that
/// breaks a rule (or does not fit the state): 400 or 409 as the contract says, never a 5xx, and not one event written.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class BadInputTests(GasLedgerApp app)
{
    /// <summary>The accounts the cases act on, made once.</summary>
    private sealed record Accounts(Journey Applied, Journey Active, Journey Closed,
        Guid OpenComplaint, Guid RepliedComplaint, Guid RectifiedHazard, Guid NewRepair, Guid DoneRepair);

    private static Task<Accounts>? _accounts;

    private Task<Accounts> Given() => _accounts ??= Make(app);

    private static async Task<Accounts> Make(GasLedgerApp app)
    {
        var applied = await new Journey(app).Applied();
        var closed = await new Journey(app).Full();
        var active = await new Journey(app).Active();
        var inspection = await active.Post(StaffRoles.Technician, "/inspections",
            new { outcome = "hazardsFound", hazards = new[] { new { code = "agedHose", severity = "minor" } }, occurredAt = Journey.Day(9, 10) }, 201);
        var hazard = inspection!["hazardIds"]![0]!.GetValue<Guid>();
        await active.Post(StaffRoles.Technician, $"/hazards/{hazard}/rectify", new { occurredAt = Journey.Day(9, 11) });
        Guid Complaint(System.Text.Json.Nodes.JsonNode? n) => n!["complaintId"]!.GetValue<Guid>();
        var open = Complaint(await active.Post(StaffRoles.Agent, "/complaints", new { channel = "phone", category = "delay", content = "a", occurredAt = Journey.Day(9, 12) }, 201));
        var replied = Complaint(await active.Post(StaffRoles.Agent, "/complaints", new { channel = "phone", category = "delay", content = "b", occurredAt = Journey.Day(9, 12) }, 201));
        await active.Post(StaffRoles.Agent, $"/complaints/{replied}/reply", new { decision = "d", occurredAt = Journey.Day(9, 12) });
        Guid Repair(System.Text.Json.Nodes.JsonNode? n) => n!["repairId"]!.GetValue<Guid>();
        var newRepair = Repair(await active.Post(StaffRoles.Agent, "/repairs", new { description = "x", occurredAt = Journey.Day(9, 13) }, 201));
        var done = Repair(await active.Post(StaffRoles.Agent, "/repairs", new { description = "y", occurredAt = Journey.Day(9, 13) }, 201));
        await active.Post(StaffRoles.Agent, $"/repairs/{done}/dispatch", new { technician = "S-1", occurredAt = Journey.Day(9, 13) });
        await active.Post(StaffRoles.Technician, $"/repairs/{done}/arrive", new { occurredAt = Journey.Day(9, 13) });
        await active.Post(StaffRoles.Technician, $"/repairs/{done}/complete", new { airtightnessPassed = true, occurredAt = Journey.Day(9, 13) });
        return new Accounts(applied, active, closed, open, replied, hazard, newRepair, done);
    }

    private sealed record Case(string Role, Func<Accounts, string> Url, object? MissingField, object Broken, int BrokenStatus, string? Why = null)
    {
        /// <summary>A body that passes the input checks (for the version and business-time cases): the broken one, unless its flaw is an input check.</summary>
        public object Acceptable { get; init; } = Broken;
    }

    private static readonly object Valid = new { occurredAt = Journey.Day(9, 30) };

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["submit application"] = new(StaffRoles.Agent, _ => "/api/accounts",
            new { holder = new { kind = "person", name = "王五" }, meterType = "readMeter", paymentMethod = "counter", channel = "counter", nature = "individual", priority = "waiting" },
            new
            {
                holder = new { kind = "person", name = "王五" }, address = new { district = "西湖区", community = "c", building = "1" },
                category = "residential", buildingType = "villa", meterType = "icCard", paymentMethod = "counter",
                channel = "counter", nature = "individual", priority = "waiting",
            }, 400, "R-APP-2: IC-card meter with counter payment"),
        ["application fee"] = new(StaffRoles.Agent, a => a.Applied.A + "/application-fee", new { amount = 2400 },
            new { amount = 2000, invoiceNumber = "1", invoiceDate = "2026-09-01", occurredAt = Journey.Day(9, 30) }, 400, "R-APP-3: not the schedule's fee"),
        ["schedule installation"] = new(StaffRoles.Agent, a => a.Applied.A + "/installation/schedule", new { kind = "new" },
            new { kind = "new", appointmentDate = "2026-10-08", occurredAt = Journey.Day(9, 30) }, 409, "R-APP-3: fee not paid"),
        ["complete installation"] = new(StaffRoles.Technician, a => a.Applied.A + "/installation/complete", new { pipeLengthMeters = 3 },
            new { meterSerial = "M1", pipeLengthMeters = 3, occurredAt = Journey.Day(9, 30) }, 409, "R-ACC-6: not installing"),
        ["request ignition"] = new(StaffRoles.Agent, a => a.Applied.A + "/ignition/request", new { },
            new { requestedDate = "2026-10-08", occurredAt = Journey.Day(9, 30) }, 409, "R-ACC-6: not installed"),
        ["complete ignition"] = new(StaffRoles.Technician, a => a.Active.A + "/ignition/complete", new { airtightnessPassed = true },
            new { stoveHasFlameOutProtection = true, airtightnessPassed = true, occurredAt = Journey.Day(9, 30) }, 409, "R-ACC-6: gas already on"),
        ["refuse ignition"] = new(StaffRoles.Technician, a => a.Active.A + "/ignition/refuse", new { technician = "S-1" },
            new { reason = "holderAbsent", occurredAt = Journey.Day(9, 30) }, 409, "R-ACC-6: gas already on"),
        ["record inspection"] = new(StaffRoles.Technician, a => a.Active.A + "/inspections", new { inspector = "S-1" },
            new { outcome = "passed", hazards = new[] { new { code = "leak", severity = "severe" } }, occurredAt = Journey.Day(9, 30) }, 400, "R-INSP-2: passed with hazards"),
        ["rectify hazard"] = new(StaffRoles.Technician, a => $"{a.Active.A}/hazards/{a.RectifiedHazard}/rectify", null,
            Valid, 409, "R-HAZ-1: already rectified"),
        ["transfer"] = new(StaffRoles.Agent, a => a.Active.A + "/transfer", new { propertyProof = "p" },
            new { newHolder = new { kind = "person", name = "赵六" }, propertyProof = "p", occurredAt = Journey.Day(9, 30) }, 400, "R-TRF-1: no identity")
        {
            Acceptable = new { newHolder = new { kind = "person", name = "赵六", idNumber = "110101199001011234" }, propertyProof = "p", paymentMethod = "counter" },
        },
        ["file complaint"] = new(StaffRoles.Agent, a => a.Closed.A + "/complaints", new { channel = "phone", category = "delay" },
            new { channel = "phone", category = "delay", content = "c", occurredAt = Journey.Day(11, 15) }, 409, "R-ACC-6: closed"),
        ["reply to complaint"] = new(StaffRoles.Agent, a => $"{a.Active.A}/complaints/{a.RepliedComplaint}/reply", new { by = "S-1" },
            new { decision = "again", occurredAt = Journey.Day(9, 30) }, 409, "R-CMP-4: already replied"),
        ["resolve complaint"] = new(StaffRoles.Agent, a => $"{a.Active.A}/complaints/{a.OpenComplaint}/resolve", new { by = "S-1" },
            new { resolution = "r", occurredAt = Journey.Day(9, 30) }, 409, "R-CMP-4: not replied yet"),
        ["follow up complaint"] = new(StaffRoles.CallbackStaff, a => $"{a.Active.A}/complaints/{a.OpenComplaint}/follow-up", new { by = "S-1" },
            new { satisfaction = "satisfied", occurredAt = Journey.Day(9, 30) }, 409, "R-CMP-5: not resolved"),
        ["report repair"] = new(StaffRoles.Agent, a => a.Applied.A + "/repairs", new { emergency = true },
            new { description = "d", occurredAt = Journey.Day(9, 30) }, 409, "R-ACC-6: nothing installed"),
        ["dispatch repair"] = new(StaffRoles.Agent, a => $"{a.Active.A}/repairs/{a.DoneRepair}/dispatch", new { },
            new { technician = "S-1", occurredAt = Journey.Day(9, 30) }, 409, "R-REP-1: already completed"),
        ["arrive on site"] = new(StaffRoles.Technician, a => $"{a.Active.A}/repairs/{a.NewRepair}/arrive", null,
            Valid, 409, "R-REP-1: not dispatched"),
        ["complete repair"] = new(StaffRoles.Technician, a => $"{a.Active.A}/repairs/{a.NewRepair}/complete", new { hazards = Array.Empty<object>() },
            new { airtightnessPassed = true, occurredAt = Journey.Day(9, 30) }, 409, "R-REP-1: not on site"),
        ["callback"] = new(StaffRoles.CallbackStaff, a => a.Active.A + "/callbacks", new { kind = "afterIgnition" },
            new { kind = "afterIgnition", reached = false, satisfaction = "satisfied", occurredAt = Journey.Day(9, 30) }, 400, "R-CB-2: satisfaction of a call not reached"),
        ["rating"] = new(StaffRoles.CallbackStaff, a => a.Active.A + "/ratings", new { source = "technician" },
            new { source = "technician", staff = "S-1", stage = "ignition", attitude = "satisfied", occurredAt = Journey.Day(9, 30) }, 400, "R-SAT-2: four items")
        {
            Acceptable = new { source = "counterKeypad", staff = "S-1", stage = "counter", satisfaction = "satisfied" },
        },
        ["usage"] = new(StaffRoles.Technician, a => a.Active.A + "/usage", new { kind = "meterReading" },
            new { kind = "icPurchase", volumeM3 = 10, periodEnd = "2026-09-30", occurredAt = Journey.Day(9, 30) }, 400, "R-SUP-3: IC purchase on a read meter"),
        ["suspend"] = new(StaffRoles.Agent, a => a.Applied.A + "/suspend", new { noticeGivenAt = Journey.Day(9, 1) },
            new { reason = "arrears", occurredAt = Journey.Day(9, 30) }, 409, "R-ACC-6: gas not on"),
        ["resume"] = new(StaffRoles.Agent, a => a.Active.A + "/resume", null, Valid, 409, "R-ACC-6: not suspended"),
        ["close"] = new(StaffRoles.Agent, a => a.Closed.A + "/close", new { },
            new { reason = "holderRequest", occurredAt = Journey.Day(11, 15) }, 409, "R-ACC-6: closed is final"),
    };

    public static TheoryData<string> Routes() => new(Cases.Keys);

    /// <summary>The routes that act on an existing account (all but the application, which starts one).</summary>
    public static TheoryData<string> AccountRoutes() => new(Cases.Keys.Where(k => k != "submit application"));

    [Theory, MemberData(nameof(Routes))]
    public async Task Bad_input_is_refused_and_writes_nothing(string route)
    {
        var given = await Given();
        var c = Cases[route];
        var url = c.Url(given);

        await Refused(c.Role, url, "{\"oops\": ", 400);
        await Refused(c.Role, url, "[1, 2, 3]", 400);
        await Refused(c.Role, url, "{\"occurredAt\": \"not a time\"}", 400);
        if (c.MissingField is not null)
        {
            var problem = await Refused(c.Role, url, c.MissingField, 400);
            Assert.NotNull(problem!["errors"]);
        }
        await Refused(c.Role, url, c.Broken, c.BrokenStatus);
    }

    [Theory, MemberData(nameof(AccountRoutes))]
    public async Task A_stale_version_or_a_future_business_time_is_refused_and_writes_nothing(string route)
    {
        var given = await Given();
        var c = Cases[route];
        var url = c.Url(given);

        var stale = await Refused(c.Role, url, With(c.Acceptable, "version", 0), 409);
        Assert.Contains("Stale version", stale!["detail"]!.GetValue<string>());
        var future = await Refused(c.Role, url, With(c.Acceptable, "occurredAt", DateTimeOffset.UtcNow.AddDays(1)), 400);
        Assert.NotNull(future!["errors"]!["occurredAt"]);
        var backwards = await Refused(c.Role, url, With(c.Acceptable, "occurredAt", Journey.Day(8, 1)), 400);
        Assert.NotNull(backwards!["errors"]!["occurredAt"]);
    }

    private static System.Text.Json.Nodes.JsonObject With(object body, string field, object value)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(body))!.AsObject();
        json[field] = System.Text.Json.JsonSerializer.SerializeToNode(value);
        return json;
    }

    [Fact]
    public async Task Unknown_account_complaint_repair_or_hazard_is_404_and_writes_nothing()
    {
        var given = await Given();
        await Refused(StaffRoles.Agent, $"/api/accounts/{Guid.NewGuid()}/application-fee",
            new { amount = 2400, invoiceNumber = "1", invoiceDate = "2026-09-01" }, 404);
        await Refused(StaffRoles.Agent, $"{given.Active.A}/complaints/{Guid.NewGuid()}/reply", new { decision = "d" }, 404);
        await Refused(StaffRoles.Technician, $"{given.Active.A}/repairs/{Guid.NewGuid()}/arrive", new { }, 404);
        await Refused(StaffRoles.Technician, $"{given.Active.A}/hazards/{Guid.NewGuid()}/rectify", new { }, 404);
        await app.Get($"/api/accounts/{Guid.NewGuid()}", expect: 404);
        await app.Get($"/api/accounts/{Guid.NewGuid()}/history", expect: 404);
    }

    private async Task<System.Text.Json.Nodes.JsonNode?> Refused(string role, string url, object body, int status)
    {
        var before = await app.EventCount();
        var answer = await app.Post(role, url, body, status);
        Assert.Equal(before, await app.EventCount());
        return answer;
    }
}
