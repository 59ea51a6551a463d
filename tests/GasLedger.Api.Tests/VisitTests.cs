using GasLedger.Api.Security;

namespace GasLedger.Api.Tests;

/// <summary>R-TL-1 over HTTP: a visit asked for starts its time limit, made it meets it, and a hose sold is a charge.</summary>
[Collection(ApiCollection.Name)]
public sealed class VisitApiTests(GasLedgerApp app)
{
    [Fact]
    public async Task R_TL_1_a_hose_replacement_asked_for_answers_its_time_limit_and_made_it_is_met_and_its_hose_charged()
    {
        var account = await new Journey(app).Active();
        var at = FuzzTests.VisitTime;
        var asked = await account.Post(StaffRoles.Agent, "/visits", new { kind = "hoseReplacement", occurredAt = at.AddHours(-1) }, 201);
        var visit = asked!["visitId"]!.GetValue<Guid>();
        var limit = Assert.Single(asked["timeLimits"]!.AsArray())!;
        Assert.Equal(("holderVisit", "R-TL-1", "3 working days"),
            (limit["kind"]!.GetValue<string>(), limit["rule"]!.GetValue<string>(), limit["commitment"]!.GetValue<string>()));
        await account.Post(StaffRoles.Agent, "/visits", new { kind = "hoseReplacement", occurredAt = at.AddHours(-1) }, 409); // open already
        await account.Post(StaffRoles.Agent, "/visits", new { kind = "unseal", occurredAt = at.AddHours(-1) }, 409); // nothing sealed

        await account.Post(StaffRoles.Technician, $"/visits/{visit}/complete", new
        {
            technician = "S-2001", hose = new { lengthMeters = 1.2, price = 38, invoiced = false }, occurredAt = at,
        });
        await account.Post(StaffRoles.Technician, $"/visits/{visit}/complete", new { occurredAt = at }, 409);
        await account.Post(StaffRoles.Technician, $"/visits/{Guid.NewGuid()}/complete", new { occurredAt = at }, 404);
        await app.WaitForProjections();
        var sla = await app.Get($"/api/sla?kind=holderVisit&from={at:yyyy-MM-dd}&pageSize=500", StaffRoles.Agent);
        var item = sla["items"]!.AsArray().Single(i => i!["workId"]!.GetValue<Guid>() == visit)!;
        Assert.Equal("met", item["state"]!.GetValue<string>());
        var number = (await app.Get(account.A))["number"]!.GetValue<string>();
        var charges = await app.Get($"/api/ledgers/charges?accountNumber={number}&kind=hose&invoiced=false");
        Assert.Equal(38m, charges["items"]!.AsArray().Single(c => c!["workId"]!.GetValue<Guid>() == visit)!["amount"]!.GetValue<decimal>());
    }
}
