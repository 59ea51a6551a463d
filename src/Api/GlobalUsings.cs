// What every slice of the API uses: its shared HTTP pieces, the account A-frame, the domain's core types, the framework's
// endpoint attributes and problem details.
global using GasLedger.Api.Accounts;
global using GasLedger.Api.Http;
global using GasLedger.Domain;
global using GasLedger.Domain.Accounts;
global using Microsoft.AspNetCore.Mvc;
global using Wolverine.Http;
