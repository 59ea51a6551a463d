using GasLedger.Api.Hosting;
using JasperFx;

var builder = WebApplication.CreateBuilder(args);
builder.AddGasLedger();

var app = builder.Build();
app.UseGasLedger();

// The host's command line (JasperFx): `run` by default; `resources`, `projections`, `describe`, … as Marten and
// Wolverine bring them.
return await app.RunJasperFxCommands(args);

/// <summary>The host, visible to the HTTP scenario tests.</summary>
public partial class Program;
