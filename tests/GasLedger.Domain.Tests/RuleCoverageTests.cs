using System.Text.RegularExpressions;

namespace GasLedger.Domain.Tests;

/// <summary>
/// Every rule of the catalogue (<c>../shared/gasledger/domain-rules.md</c>) is named by a test that asserts something,
/// and has its row in the rules table of docs/rules.md naming where it lives and that test. The rules not built yet are
/// listed in <see cref="Pending"/>: one of them that gets its test must leave the list, so the list only shrinks.
/// </summary>
public sealed partial class RuleCoverageTests
{
    /// <summary>Rules of the catalogue's second reading (issue 20) not built yet.</summary>
    private static readonly HashSet<string> Pending = [];

    private static readonly DirectoryInfo Home = FindHome();

    private static DirectoryInfo FindHome()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GasLedger.sln"))) dir = dir.Parent;
        return dir ?? throw new InvalidOperationException("GasLedger.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The catalogue beside the repository, where the team keeps it; null in a clone made elsewhere.</summary>
    private static readonly string Shared = Path.Combine(Home.FullName, "..", "shared", "gasledger", "domain-rules.md");

    /// <summary>The copy the repository keeps, read where the shared catalogue is not beside it (a clone elsewhere, CI).</summary>
    private static readonly string Copy = Path.Combine(Home.FullName, "docs", "catalogue", "domain-rules.md");

    /// <summary>The catalogue's rule IDs, in its order.</summary>
    private static IReadOnlyList<string> Rules()
    {
        var catalogue = File.Exists(Shared) ? Shared : Copy;
        var rules = RuleLine().Matches(File.ReadAllText(catalogue)).Select(m => m.Groups[1].Value).ToArray();
        Assert.True(rules.Length >= 75, $"only {rules.Length} rules read from the catalogue");
        return rules;
    }

    /// <summary>Every test method of both test projects: its name and the text of its body.</summary>
    private static IReadOnlyList<(string Name, string Body)> Tests() =>
        Directory.EnumerateFiles(Path.Combine(Home.FullName, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .SelectMany(file =>
            {
                var source = File.ReadAllText(file);
                var matches = TestMethod().Matches(source).ToArray();
                return matches.Select((m, i) => (m.Groups[1].Value,
                    source[m.Index..(i + 1 < matches.Length ? matches[i + 1].Index : source.Length)]));
            })
            .ToArray();

    private static bool Names(string test, string rule) => Regex.IsMatch(test, $"(^|_){rule.Replace('-', '_')}(_|$)");

    private static bool Asserts(string body) => body.Contains("Assert.") || body.Contains("Expect.") || body.Contains("Snapshot.Match");

    [Fact]
    public void Every_rule_of_the_catalogue_is_named_by_a_test_that_asserts_and_the_pending_list_only_shrinks()
    {
        var tests = Tests();
        var missing = new List<string>();
        foreach (var rule in Rules())
        {
            var named = tests.Where(t => Names(t.Name, rule)).ToArray();
            if (Pending.Contains(rule))
            {
                Assert.True(named.Length == 0, $"{rule} has its test ({named.FirstOrDefault().Name}): take it off the pending list.");
                continue;
            }
            if (named.Length == 0) missing.Add($"{rule}: no test names it");
            missing.AddRange(named.Where(t => !Asserts(t.Body)).Select(t => $"{rule}: {t.Name} asserts nothing"));
        }
        Assert.True(missing.Count == 0, string.Join("\n", missing));
        Assert.Empty(Pending.Except(Rules()));
    }

    [Fact]
    public void The_repositorys_copy_of_the_catalogue_is_the_shared_one_where_that_is_beside_it()
    {
        Assert.True(File.Exists(Copy), $"{Copy} is missing");
        if (File.Exists(Shared))
            Assert.True(File.ReadAllText(Shared) == File.ReadAllText(Copy),
                "../shared/gasledger/domain-rules.md changed: copy it to docs/catalogue/domain-rules.md and cover its new rules.");
    }

    [Fact]
    public void The_readme_rules_table_has_every_rule_where_it_lives_and_a_test_that_names_it()
    {
        var readme = File.ReadAllText(Path.Combine(Home.FullName, "docs", "rules.md"));
        var rows = TableRow().Matches(readme).ToDictionary(m => m.Groups[1].Value, m => (Where: m.Groups[2].Value, Test: m.Groups[3].Value));
        var tests = Tests().Select(t => t.Name).ToHashSet();
        var problems = new List<string>();
        foreach (var rule in Rules())
        {
            if (!rows.TryGetValue(rule, out var row)) { problems.Add($"{rule}: no row"); continue; }
            if (Pending.Contains(rule))
            {
                if (row.Test != "pending") problems.Add($"{rule}: pending, but its row names {row.Test}");
                continue;
            }
            if (!tests.Contains(row.Test) || !Names(row.Test, rule)) problems.Add($"{rule}: the row's test {row.Test} is not a test naming it");
            var where = Path.Combine(Home.FullName, row.Where);
            if (!File.Exists(where) || !File.ReadAllText(where).Contains(rule)) problems.Add($"{rule}: {row.Where} does not mention it");
        }
        problems.AddRange(rows.Keys.Except(Rules()).Select(r => $"{r}: a row for no rule of the catalogue"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [GeneratedRegex(@"^- (R-[A-Z]+-\d+) ", RegexOptions.Multiline)]
    private static partial Regex RuleLine();

    [GeneratedRegex(@"\[(?:Fact|Theory)[^\]]*\]\s*(?:\[[^\]]*\]\s*)*public\s+(?:async\s+)?(?:Task|void)\s+(\w+)\s*\(")]
    private static partial Regex TestMethod();

    /// <summary><c>| R-ACC-1 | summary | `path` | `test` |</c>; a pending rule's where and test cells read — and pending.</summary>
    [GeneratedRegex(@"^\| (R-[A-Z]+-\d+) \| [^|]+ \| `?([^`|]+?)`? \| `?([^`|]+?)`? \|$", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
