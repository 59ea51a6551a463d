using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace GasLedger.Api.Security;

/// <summary>
/// The <c>GasLedger:Jwt</c> configuration section: JWT bearer tokens as a second way in, for deployments with an identity
/// provider. Either <see cref="Authority"/> (the provider's metadata gives its signing keys and issuer) or a symmetric
/// <see cref="SigningKey"/> (HS256, at least 32 bytes; tests and small deployments). Neither set: API keys only.
/// </summary>
public sealed class JwtOptions
{
    public string? Authority { get; set; }
    public string? Audience { get; set; }
    public string? Issuer { get; set; }
    public string? SigningKey { get; set; }

    /// <summary>Metadata over plain HTTP (a provider on the same host in development). Default: HTTPS only.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(SigningKey);
}

/// <summary>
/// How a bearer token becomes a staff member: the staff id from the <c>staff_id</c> claim, else <c>sub</c>; the roles from
/// every <c>roles</c> and <c>role</c> claim that names a role of the contract (others are ignored). A token without a
/// staff id, expired, not yet valid, for another audience or issuer, or wrongly signed: 401.
/// </summary>
public static class BearerTokens
{
    public const string SchemeName = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>
    /// The default scheme: the API key when <c>X-Api-Key</c> is sent, a bearer token when one is, else the API key's
    /// 401.
    /// </summary>
    public const string CredentialsScheme = "Credentials";

    public static AuthenticationBuilder AddGasLedgerCredentials(this IServiceCollection services, IConfiguration config)
    {
        var jwt = config.GetSection("GasLedger:Jwt").Get<JwtOptions>() ?? new JwtOptions();
        var auth = services.AddAuthentication(CredentialsScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddPolicyScheme(CredentialsScheme, null, o => o.ForwardDefaultSelector = http =>
                jwt.Enabled && !http.Request.Headers.ContainsKey(ApiKeyAuthentication.Header)
                && http.Request.Headers.Authorization.FirstOrDefault() is { } header
                && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? SchemeName
                    : ApiKeyAuthentication.SchemeName);
        if (jwt.Enabled) auth.AddJwtBearer(SchemeName, o => Configure(o, jwt));
        return auth;
    }

    private static void Configure(JwtBearerOptions o, JwtOptions jwt)
    {
        o.MapInboundClaims = false;
        if (!string.IsNullOrWhiteSpace(jwt.Authority))
        {
            o.Authority = jwt.Authority;
            o.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
        }
        o.Audience = jwt.Audience;
        o.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = !string.IsNullOrWhiteSpace(jwt.Issuer) || !string.IsNullOrWhiteSpace(jwt.Authority),
            ValidIssuer = string.IsNullOrWhiteSpace(jwt.Issuer) ? null : jwt.Issuer,
            ValidateAudience = !string.IsNullOrWhiteSpace(jwt.Audience),
            ValidAudience = jwt.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = TimeSpan.FromMinutes(1),
            IssuerSigningKey = string.IsNullOrWhiteSpace(jwt.SigningKey)
                ? null : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey)),
        };
        o.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var token = context.Principal!;
                var staff = token.FindFirst(StaffRoles.StaffIdClaim)?.Value ?? token.FindFirst("sub")?.Value;
                if (string.IsNullOrWhiteSpace(staff))
                {
                    context.Fail("The token names no staff member (staff_id or sub).");
                    return Task.CompletedTask;
                }
                var roles = token.Claims.Where(c => c.Type is "roles" or "role").Select(c => c.Value).Where(StaffRoles.All.Contains);
                context.Principal = StaffRoles.Principal(staff, roles, SchemeName);
                return Task.CompletedTask;
            },
            OnChallenge = async context =>
            {
                context.HandleResponse();
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Results.Problem(statusCode: 401, title: "Unauthorized.",
                        detail: "The bearer token is not valid here (signature, lifetime, issuer, audience or staff id).")
                    .ExecuteAsync(context.HttpContext);
            },
            OnForbidden = async context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await Results.Problem(statusCode: 403, title: "Forbidden.", detail: "Your role may not do this.")
                    .ExecuteAsync(context.HttpContext);
            },
        };
    }
}
