namespace GasLedger.Projections; public static class Placeholder {}
