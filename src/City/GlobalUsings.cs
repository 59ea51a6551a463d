global using GasLedger.Domain;
