using Marten;

namespace GasLedger.Projections;

/// <summary>
/// The table of a document type as Marten maps it (its alias and schema): the one source of a read model's table name
/// for the SQL that aggregates over read models, the rebuild and the audit's replay.
/// </summary>
public static class DocumentTables
{
    /// <summary>The table's name, without its schema (<c>mt_doc_callbackrow</c>).</summary>
    public static string Name(IDocumentStore store, Type document) => Table(store, document).Name;

    /// <summary>The table's name with its schema (<c>gasledger.mt_doc_callbackrow</c>), for SQL.</summary>
    public static string Of<T>(IDocumentStore store) => Of(store, typeof(T));

    /// <summary>The table's name with its schema, for SQL.</summary>
    public static string Of(IDocumentStore store, Type document) => Table(store, document).QualifiedName;

    private static Weasel.Core.DbObjectName Table(IDocumentStore store, Type document) =>
        store.Options.FindOrResolveDocumentType(document).TableName;
}
