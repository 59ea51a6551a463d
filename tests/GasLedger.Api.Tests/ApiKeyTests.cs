using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using GasLedger.Api.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GasLedger.Api.Tests;

/// <summary>Keys an administrator issues and revokes (stored hashed), and bearer tokens as a second way in (R-INT-2).</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiKeyTests(GasLedgerApp app)
{
    private async Task<int> Send(HttpMethod method, string url, string? key = null, string? bearer = null, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        if (bearer is not null) request.Headers.Authorization = new("Bearer", bearer);
        if (body is not null) request.Content = System.Net.Http.Json.JsonContent.Create(body);
        using var response = await app.Host.Server.CreateClient().SendAsync(request);
        return (int)response.StatusCode;
    }

    [Fact]
    public async Task R_INT_2_an_issued_key_works_with_its_roles_is_stored_only_hashed_and_answers_401_once_revoked()
    {
        var staff = "S-" + Guid.NewGuid().ToString("N")[..8];
        var idempotencyKey = Guid.NewGuid().ToString();
        var issued = (await app.Post(StaffRoles.Admin, "/api/admin/keys", new { staffId = staff, roles = new[] { "technician" }, label = "tablet 7" }, 201,
            idempotencyKey))!;
        var key = issued["key"]!.GetValue<string>();
        var id = issued["id"]!.GetValue<Guid>();
        Assert.Matches("^glk_[0-9a-f]{64}$", key);
        Assert.Equal(staff, issued["staffId"]!.GetValue<string>());
        Assert.Equal(GasLedgerApp.StaffOf(StaffRoles.Admin), issued["createdBy"]!.GetValue<string>());

        // The key is the technician it was issued as: reads their work list, may not take an application.
        Assert.Equal(200, await Send(HttpMethod.Get, "/api/sla?pageSize=1", key));
        Assert.Equal(403, await Send(HttpMethod.Post, "/api/accounts", key, body: Journey.Application()));

        // Only the hash is stored; the list shows neither key nor hash.
        await using (var cmd = app.Database.CreateCommand("select key_hash, row_to_json(k)::text from gasledger.api_key k where id = $1"))
        {
            cmd.Parameters.AddWithValue(id);
            await using var reader = await cmd.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(ApiKeyOptions.Hash(key), reader.GetString(0));
            Assert.DoesNotContain(key[4..], reader.GetString(1));
        }
        // Nor is the answer kept for its Idempotency-Key: it would hold the key.
        await using (var kept = app.Database.CreateCommand("select count(*) from gasledger.idempotent_request where idempotency_key = $1"))
        {
            kept.Parameters.AddWithValue(idempotencyKey);
            Assert.Equal(0L, await kept.ExecuteScalarAsync());
        }
        var listed = await app.Get($"/api/admin/keys?staffId={staff}", StaffRoles.Admin);
        var text = listed.ToJsonString();
        Assert.DoesNotContain(key[4..], text);
        Assert.DoesNotContain(ApiKeyOptions.Hash(key), text);
        var row = Assert.Single(listed["items"]!.AsArray())!;
        Assert.Equal(id, row["id"]!.GetValue<Guid>());
        Assert.Equal(["technician"], row["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.False(row["revoked"]!.GetValue<bool>());
        Assert.Equal(1, listed["total"]!.GetValue<long>());
        // Auditors may see who holds which key.
        await app.Get($"/api/admin/keys?staffId={staff}", StaffRoles.Auditor);

        // Revoked: 401 from the next request on; revoking again changes nothing; an unknown id is 404.
        var revoked = await Delete($"/api/admin/keys/{id}", 200);
        Assert.Equal(GasLedgerApp.StaffOf(StaffRoles.Admin), revoked["revokedBy"]!.GetValue<string>());
        Assert.Equal(401, await Send(HttpMethod.Get, "/api/sla?pageSize=1", key));
        var again = await Delete($"/api/admin/keys/{id}", 200);
        Assert.Equal(revoked["revokedAt"]!.ToJsonString(), again["revokedAt"]!.ToJsonString());
        await Delete($"/api/admin/keys/{Guid.NewGuid()}", 404);
        Assert.True((await app.Get($"/api/admin/keys?staffId={staff}", StaffRoles.Admin))["items"]![0]!["revoked"]!.GetValue<bool>());

        // Configuration keys keep working beside issued ones.
        Assert.Equal(200, await Send(HttpMethod.Get, "/api/sla?pageSize=1", GasLedgerApp.KeyOf(StaffRoles.Technician)));
        // A key of the issued form that was never issued: 401.
        Assert.Equal(401, await Send(HttpMethod.Get, "/api/sla?pageSize=1", "glk_" + new string('0', 64)));
    }

    private async Task<JsonNode> Delete(string url, int expect)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Delete.Url(url);
            s.WithRequestHeader("X-Api-Key", GasLedgerApp.KeyOf(StaffRoles.Admin));
            s.StatusCodeShouldBe(expect);
        });
        return JsonNode.Parse(await result.ReadAsTextAsync())!;
    }

    public static TheoryData<string, object, string[]> BadKeys => new()
    {
        { "unknown role", new { staffId = "S-1", roles = new[] { "agent", "janitor" } }, ["roles[1]"] },
        { "no roles", new { staffId = "S-1", roles = Array.Empty<string>() }, ["roles"] },
        { "roles missing", new { staffId = "S-1" }, ["roles"] },
        { "no staff id", new { staffId = " ", roles = new[] { "agent" } }, ["staffId"] },
        { "role in the wrong case", new { staffId = "S-1", roles = new[] { "Admin" } }, ["roles[0]"] },
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task A_key_request_without_a_staff_id_or_known_roles_is_400_and_issues_nothing(string why, object body, string[] fields)
    {
        await using var count = app.Database.CreateCommand("select count(*) from gasledger.api_key");
        var before = (long)(await count.ExecuteScalarAsync())!;
        var problem = (await app.Post(StaffRoles.Admin, "/api/admin/keys", body, 400))!;
        Assert.Equal(fields.Order(), problem["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Equal(before, (long)(await count.ExecuteScalarAsync())!);
        Assert.NotNull(why);
    }

    internal static string Token(string? signingKey = null, DateTime? expires = null, string audience = GasLedgerApp.JwtAudience,
        IEnumerable<Claim>? claims = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = GasLedgerApp.JwtIssuer,
            Audience = audience,
            IssuedAt = (expires ?? now.AddMinutes(10)).AddMinutes(-20),
            NotBefore = (expires ?? now.AddMinutes(10)).AddMinutes(-20),
            Expires = expires ?? now.AddMinutes(10),
            Subject = new ClaimsIdentity(claims ?? [new Claim("sub", "S-7001"), new Claim("roles", "agent")]),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey ?? GasLedgerApp.JwtSigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    [Fact]
    public async Task A_bearer_token_signed_with_the_configured_key_is_a_staff_member_with_the_tokens_roles()
    {
        var created = await app.Host.Scenario(s =>
        {
            s.Post.Json(Journey.Application()).ToUrl("/api/accounts");
            s.WithRequestHeader("Authorization", "Bearer " + Token());
            s.StatusCodeShouldBe(201);
        });
        var accountId = JsonNode.Parse(await created.ReadAsTextAsync())!["accountId"]!.GetValue<Guid>();
        var history = await app.Get($"/api/accounts/{accountId}/history");
        Assert.Equal("S-7001", history["items"]![0]!["recordedBy"]!.GetValue<string>());

        // staff_id wins over sub; a role claim as `role`; roles the contract does not know are ignored.
        var analyst = Token(claims: [new Claim("sub", "user-42"), new Claim("staff_id", "S-7002"), new Claim("role", "analyst"), new Claim("roles", "root")]);
        Assert.Equal(200, await Send(HttpMethod.Get, "/api/ledgers/complaints?pageSize=1", bearer: analyst));
        Assert.Equal(403, await Send(HttpMethod.Post, "/api/accounts", bearer: analyst, body: Journey.Application()));
        Assert.Equal(403, await Send(HttpMethod.Get, "/api/admin/keys", bearer: analyst));
    }

    [Fact]
    public async Task An_expired_wrongly_signed_foreign_or_staffless_bearer_token_is_401()
    {
        Assert.Equal(401, await Send(HttpMethod.Get, "/api/sla", bearer: Token(expires: DateTime.UtcNow.AddMinutes(-5))));
        Assert.Equal(401, await Send(HttpMethod.Get, "/api/sla", bearer: Token(signingKey: "another-signing-key-of-at-least-32-bytes!")));
        Assert.Equal(401, await Send(HttpMethod.Get, "/api/sla", bearer: Token(audience: "another-api")));
        Assert.Equal(401, await Send(HttpMethod.Get, "/api/sla", bearer: Token(claims: [new Claim("roles", "agent")])));
        Assert.Equal(401, await Send(HttpMethod.Get, "/api/sla", bearer: "not.a.token"));
        var unsigned = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = GasLedgerApp.JwtIssuer, Audience = GasLedgerApp.JwtAudience, Expires = DateTime.UtcNow.AddMinutes(10),
            Subject = new ClaimsIdentity([new Claim("sub", "S-7001"), new Claim("roles", "admin")]),
        });
        Assert.Equal(401, await Send(HttpMethod.Get, "/api/sla", bearer: unsigned));
        // A valid one, for contrast.
        Assert.Equal(200, await Send(HttpMethod.Get, "/api/sla?pageSize=1", bearer: Token()));
    }
}
