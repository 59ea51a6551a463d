using GasLedger.Projections;
using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Complaints;
using GasLedger.Domain.Ignition;
using GasLedger.Domain.Repairs;
using GasLedger.Domain.Supply;
using GasLedger.Projections.Ledgers;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace GasLedger.Api.Tests;

/// <summary>
/// What the one-event ledgers read besides their events. A member of the <c>ReadModels</c> composite is handed every
/// event of a batch to enrich, whatever types it follows: a ledger that read the account's stream for each of them
/// would read every account's history for each batch of meter readings.
/// </summary>
public sealed class LedgerReadsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private static readonly IEvent MeterReading = Of(new UsageRecorded(Guid.NewGuid(), UsageKind.MeterReading, 30, new DateOnly(2026, 11, 1), null, At));
    private static readonly IEvent IcPurchase = Of(new UsageRecorded(Guid.NewGuid(), UsageKind.IcPurchase, 30, new DateOnly(2026, 11, 1), 90, At));
    private static readonly IEvent Complaint = Of(new ComplaintFiled(Guid.NewGuid(), "TS202611020001", ComplaintChannel.Phone, ComplaintCategory.Delay,
        ComplaintComplexity.Simple, "抄表员未按时上门", "S-1", At));
    private static readonly IEvent Repair = Of(new RepairReported(Guid.NewGuid(), false, "灶具打不着火", RepairLocation.Urban, null, "S-1", At));
    private static readonly IEvent Ignition = Of(new IgnitionCompleted("T-1", true, true, null, null, At));
    private static readonly IEvent ChargedRepair = Of(new RepairCompleted(Guid.NewGuid(), true, new Charge(50, true), null, At));
    private static readonly IEvent FreeRepair = Of(new RepairCompleted(Guid.NewGuid(), true, null, null, At));
    private static readonly IEvent[] Batch = [MeterReading, IcPurchase, Complaint, Repair, Ignition, ChargedRepair, FreeRepair];

    private static IEvent Of<T>(T data) where T : notnull => new Event<T>(data);

    [Fact]
    public void The_ignition_ledger_reads_a_stream_for_a_gas_on_visit_only()
    {
        var ledger = new IgnitionLedgerProjection(new SharedReads());
        Assert.Equal([Ignition], ledger.RowsOf(Batch));
        Assert.Equal([Ignition], Batch.Where(ledger.ReadsStreamFor));
    }

    [Fact]
    public void The_charge_ledger_reads_a_stream_for_a_charged_repair_only_and_nothing_for_a_meter_reading()
    {
        var ledger = new ChargeLedgerProjection(new SharedReads());
        Assert.Equal([IcPurchase, Ignition, ChargedRepair, FreeRepair], ledger.RowsOf(Batch));
        Assert.Equal([ChargedRepair], Batch.Where(ledger.ReadsStreamFor));
    }

    [Fact]
    public void The_transfer_and_callback_ledgers_read_nothing_for_the_service_desks_commands()
    {
        Assert.Empty(new TransferLedgerProjection(new SharedReads()).RowsOf(Batch));
        Assert.Empty(new CallbackLedgerProjection(new SharedReads(), () => GasLedger.Domain.Calendar.WorkingCalendar.Official, GasLedger.Domain.ServicePolicy.Default).RowsOf(Batch));
    }
}

/// <summary>The same, against the database: what a ledger's <c>ApplyAsync</c> reads when handed an event it does not follow.</summary>
[Collection(ApiCollection.Name)]
public sealed class LedgerApplyReadsTests(GasLedgerApp app)
{
    [Fact]
    public async Task The_ignition_ledger_reads_nothing_for_the_events_of_other_types_it_is_handed()
    {
        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        var ledger = new IgnitionLedgerProjection(new SharedReads());
        // Events of accounts no batch has read, so nothing read earlier can answer for them.
        static IEvent OfNewAccount<T>(T data) where T : notnull => new Event<T>(data) { StreamId = Guid.NewGuid(), Version = 7 };
        var at = DateTimeOffset.UtcNow;

        // The composite hands ApplyAsync every event of the batch, not only the gas-on visits.
        await ledger.ApplyAsync(session, OfNewAccount(new UsageRecorded(Guid.NewGuid(), UsageKind.MeterReading, 30, new DateOnly(2026, 11, 1), null, at)), CancellationToken.None);
        await ledger.ApplyAsync(session, OfNewAccount(new RepairReported(Guid.NewGuid(), false, "灶具打不着火", RepairLocation.Urban, null, "S-1", at)), CancellationToken.None);
        await ledger.ApplyAsync(session, OfNewAccount(new RepairCompleted(Guid.NewGuid(), true, new Charge(50, true), null, at)), CancellationToken.None);
        Assert.Equal(0, session.RequestCount);

        // A visit reads its account's stream (for the request it answered).
        await ledger.ApplyAsync(session, OfNewAccount(new IgnitionCompleted("T-1", true, true, null, null, at)), CancellationToken.None);
        Assert.Equal(1, session.RequestCount);
    }
}
