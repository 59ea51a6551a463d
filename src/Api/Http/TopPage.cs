namespace GasLedger.Api.Http;

/// <summary>
/// One page of rows streamed in no particular order, as if they had been sorted by <paramref name="order"/>: keeps only
/// the first <c>page × size</c> rows in that order (a bounded heap), so the database need not sort every row (at a
/// million accounts, gigabytes) and memory grows with the page asked, not with the rows streamed.
/// </summary>
public sealed class TopPage<T>(int page, int size, IComparer<T> order)
{
    private readonly PriorityQueue<T, T> _first = new(Comparer<T>.Create((a, b) => order.Compare(b, a))); // the last kept on top
    private readonly long _keep = (long)page * size;

    public void Offer(T row)
    {
        if (_first.Count < _keep) _first.Enqueue(row, row);
        else if (order.Compare(row, _first.Peek()) < 0) _first.EnqueueDequeue(row, row);
    }

    /// <summary>The page's rows, in order.</summary>
    public IReadOnlyList<T> Rows() =>
        _first.UnorderedItems.Select(r => r.Element).Order(order).Skip((page - 1) * size).Take(size).ToArray();
}
