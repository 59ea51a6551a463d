using GasLedger.Api.Hosting;
using JasperFx;

var builder = WebApplication.CreateBuilder(args);
// `audit check-export` and `openapi` (Wolverine's: writes the OpenAPI document) open no database and touch no party
// record; Marten's registration still wants a connection string, the routes a party key — neither used then.
if (args is ["audit", "check-export", ..] or ["openapi", ..] && builder.Configuration["GASLEDGER_DB"] is null)
    builder.Configuration["GASLEDGER_DB"] = "Host=no-database-for-an-offline-command";
if (args is ["openapi", ..] && builder.Configuration["GasLedger:MasterKey"] is null && builder.Configuration["GasLedger:DevKeysDirectory"] is null)
    builder.Configuration["GasLedger:MasterKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
builder.AddGasLedger();

var app = builder.Build();
app.UseGasLedger();

// The host's command line (JasperFx): `run` by default; `resources`, `projections`, `describe`, … as Marten and
// Wolverine bring them.
return await app.RunJasperFxCommands(args);

/// <summary>The host, visible to the HTTP scenario tests.</summary>
public partial class Program;
