// The shared pieces of every HTTP slice: problem details, paging, query input, the input boundary.
global using GasLedger.Api.Http;
