using System.Runtime.CompilerServices;
using Marten;
using Npgsql;

namespace GasLedger.Projections;

/// <summary>
/// The async daemon's transactions commit without waiting for the disk (<c>synchronous_commit</c> off for each of them
/// alone; the commands' commits stay durable). What the daemon writes is derived from the event log, and each of its
/// transactions holds the read models of a batch together with the daemon's progress: a stop of the server can lose
/// the last few of them only whole, and the daemon then does those batches again from the durable events. The
/// commands then do not wait behind the daemon's commits for the disk.
/// </summary>
public sealed class ProjectionCommits : ITransactionParticipant
{
    private static readonly ProjectionCommits Relaxed = new();
    private static readonly ConditionalWeakTable<IDocumentOperations, object> Joined = new();
    private static long _transactions;

    private ProjectionCommits() { }

    /// <summary>How many of the daemon's transactions have committed so, since the process started.</summary>
    public static long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Joins the transaction of the daemon's batch whose operations these are (once per batch).</summary>
    public static void Join(IDocumentOperations ops)
    {
        if (ops is ITransactionParticipantRegistrar registrar && !Joined.TryGetValue(ops, out _))
        {
            Joined.AddOrUpdate(ops, Relaxed);
            registrar.AddTransactionParticipant(Relaxed);
        }
    }

    /// <summary>Inside the batch's transaction, just before its commit.</summary>
    public async Task BeforeCommitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken token)
    {
        await using var relaxed = new NpgsqlCommand("set local synchronous_commit to off", connection, transaction);
        await relaxed.ExecuteNonQueryAsync(token);
        Interlocked.Increment(ref _transactions);
    }
}
