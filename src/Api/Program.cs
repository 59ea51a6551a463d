using GasLedger.Api.Hosting;
using JasperFx;

var builder = WebApplication.CreateBuilder(args);
// `audit check-export` opens no database; Marten's registration still wants a connection string, never opened then.
if (args is ["audit", "check-export", ..] && builder.Configuration["GASLEDGER_DB"] is null)
    builder.Configuration["GASLEDGER_DB"] = "Host=no-database-for-an-offline-check";
builder.AddGasLedger();

var app = builder.Build();
app.UseGasLedger();

// The host's command line (JasperFx): `run` by default; `resources`, `projections`, `describe`, … as Marten and
// Wolverine bring them.
return await app.RunJasperFxCommands(args);

/// <summary>The host, visible to the HTTP scenario tests.</summary>
public partial class Program;
