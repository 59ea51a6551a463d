using Npgsql;

namespace GasLedger.Api.Http;

/// <summary>Parameters of the read side's SQL.</summary>
public static class SqlParameters
{
    /// <summary>
    /// A text parameter that may be null — an optional filter (<c>($3::text is null or district = $3)</c>): typed, so
    /// PostgreSQL knows it even when no value is given.
    /// </summary>
    public static NpgsqlParameter Text(string? value, string name = "") =>
        new() { ParameterName = name, Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };
}
