using System.Text.Json.Nodes;
using GasLedger.Projections;
using Microsoft.Extensions.Configuration;
using GasLedger.Api.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GasLedger.Api.Tests;

/// <summary>Health, metrics and the database-away answers an operator and a load balancer rely on (issue 22).</summary>
[Collection(ApiCollection.Name)]
public sealed class HealthTests(GasLedgerApp app)
{
    [Fact]
    public async Task Live_and_ready_answer_with_the_node_and_ready_says_why_not()
    {
        var live = JsonNode.Parse(await (await app.Host.Scenario(s => { s.Get.Url("/health/live"); s.StatusCodeShouldBe(200); })).ReadAsTextAsync())!;
        Assert.Equal("live", live["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(live["node"]!.GetValue<string>()));
        Assert.Null(live["clusterNodeId"]); // one node: no cluster id

        foreach (var url in new[] { "/health/ready", "/health" })
        {
            var ready = JsonNode.Parse(await (await app.Host.Scenario(s => { s.Get.Url(url); s.StatusCodeShouldBe(200); })).ReadAsTextAsync())!;
            Assert.Equal("ready", ready["status"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task An_unreachable_database_is_a_reason_not_to_be_ready_found_within_the_limit()
    {
        await using var nowhere = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Database=x;Username=x;Password=x;Timeout=1");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(["the database is unreachable"], await Health.DatabaseProblems(nowhere, null, CancellationToken.None));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");

        var db = app.Host.Services.GetRequiredService<NpgsqlDataSource>();
        Assert.Empty(await Health.DatabaseProblems(db, null, CancellationToken.None));
        // A cluster node that never beat in Wolverine's node table is not in the cluster.
        Assert.Equal(["this node is not in the cluster (no recent heartbeat)"], await Health.DatabaseProblems(db, Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task Metrics_give_request_durations_by_route_and_the_projections_lag()
    {
        // An event for the projections to follow (a fresh database has no progress rows yet), and a read to time.
        await new Journey(app).Applied();
        await app.Get("/api/status", "admin");
        string text = "";
        for (var i = 0; i < 80 && !text.Contains("gasledger_projection_lag{"); i++)
        {
            if (i > 0) await Task.Delay(250);
            text = await (await app.Host.Scenario(s => { s.Get.Url("/metrics"); s.StatusCodeShouldBe(200); })).ReadAsTextAsync();
        }
        Assert.Contains("http_server_request_duration_seconds_count{", text);
        Assert.Contains("http_route=\"/api/status\"", text);
        Assert.Contains("gasledger_projection_lag{", text);
        Assert.Contains("projection=\"ReadModels:All\"", text);
        Assert.Contains("gasledger_seal_lag", text);
        Assert.DoesNotContain("HighWater", text); // Marten's own progression rows are not projections
    }

    [Theory]
    [InlineData("25006", true)]  // a write on a standby: a failover under way
    [InlineData("57P01", true)]  // the server shutting down
    [InlineData("08006", true)]  // the connection broken
    [InlineData("53300", true)]  // out of connections
    [InlineData("23505", false)] // a unique violation is the request's, not the database's absence
    [InlineData("42P01", false)] // a missing table is a fault, not an absence
    public void The_server_s_answers_that_mean_the_database_is_away(string state, bool away) =>
        Assert.Equal(away, ErrorAnswers.DatabaseAway(new PostgresException("m", "ERROR", "ERROR", state)));

    [Fact]
    public void Npgsql_s_own_failures_mean_the_database_is_away_and_other_faults_do_not()
    {
        Assert.True(ErrorAnswers.DatabaseAway(new NpgsqlException("No suitable host was found.")));
        Assert.True(ErrorAnswers.DatabaseAway(new InvalidOperationException("wrapped", new NpgsqlException("The connection pool has been exhausted"))));
        Assert.False(ErrorAnswers.DatabaseAway(new InvalidOperationException("a bug")));
        Assert.False(ErrorAnswers.DatabaseAway(new InvalidOperationException("wrapped", new PostgresException("m", "ERROR", "ERROR", "23505"))));
    }

    [Fact]
    public void A_calendar_change_is_refused_where_no_daemon_of_this_process_can_recount_the_time_limits()
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().BuildServiceProvider() };
        var refusal = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>(TimeLimits.RecomputeTimeLimits.Refusal(http));
        Assert.Equal(409, refusal.StatusCode);
        var local = new DefaultHttpContext { RequestServices = app.Host.Services };
        Assert.Null(TimeLimits.RecomputeTimeLimits.Refusal(local));
    }

    [Fact]
    public void A_node_cut_off_from_the_database_stops_its_projections_itself_before_the_cluster_takes_it_for_dead()
    {
        Uri[] running =
        [
            new("event-subscriptions://marten/main/127!0!0!1.gasledger/readmodels/all"),
            new("event-subscriptions://marten/main/127!0!0!1.gasledger/eventseals/all"),
            new("wolverinedb://default/"),
        ];
        Assert.Empty(SelfFencing.Decide(TimeSpan.FromSeconds(4.9), running));
        Assert.Equal(running[..2], SelfFencing.Decide(SelfFencing.After, running));
        Assert.True(SelfFencing.After < SelfFencing.StaleAfter); // stopped here before the leader gives them away
    }

    [Fact]
    public void A_cluster_node_of_a_new_projection_version_is_ready_once_that_version_has_caught_up_with_the_log()
    {
        JasperFx.Events.Projections.ShardName Shard(string name, uint version = 1) => new(name, "All", version);
        var progress = new Dictionary<string, long> { ["ReadModels:All"] = 20_000, ["TimeLimits:All"] = 95_000, ["TimeLimits:V2:All"] = 12_000 };
        // The versions in use are never waited for, however far behind (commands do not wait on them).
        Assert.Empty(CatchUp.Behind([Shard("ReadModels"), Shard("TimeLimits"), Shard("EventSeals", 0)], progress, 100_000));
        // A new version beside the one in use: waited for until within CatchUp.Within events of the log.
        Assert.Equal([("TimeLimits:V2:All", 88_000)], CatchUp.Behind([Shard("ReadModels"), Shard("TimeLimits", 2)], progress, 100_000));
        Assert.Empty(CatchUp.Behind([Shard("TimeLimits", 2)], progress, 12_000 + CatchUp.Within));
        // Never started: behind by the whole log; the version before retired (its row deleted): not waited for.
        Assert.Equal([("TimeLimits:V3:All", 100_000)], CatchUp.Behind([Shard("TimeLimits", 3)], progress, 100_000));
        Assert.Empty(CatchUp.Behind([Shard("TimeLimits", 2)], new Dictionary<string, long> { ["TimeLimits:V2:All"] = 12_000 }, 100_000));
    }

    [Fact]
    public void A_new_version_of_the_time_limits_has_its_own_table_and_progression_beside_the_one_in_use()
    {
        var db = app.Host.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString;
        string[] Shards(Marten.IDocumentStore store) =>
            ((JasperFx.Events.IEventStore<Marten.IDocumentOperations, Marten.IQuerySession>)store).AllShards().Select(s => s.Name.Identity).ToArray();
        using var current = Store(null);
        using var next = Store(new Projections.ProjectionVersions(TimeLimits: 2));
        Assert.Equal("mt_doc_accounttimelimits", Projections.DocumentTables.Name(current, typeof(Domain.TimeLimits.AccountTimeLimits)));
        Assert.Equal("mt_doc_accounttimelimits_2", Projections.DocumentTables.Name(next, typeof(Domain.TimeLimits.AccountTimeLimits)));
        Assert.Contains("TimeLimits:All", Shards(current));
        Assert.Contains("TimeLimits:V2:All", Shards(next));
        Assert.DoesNotContain("TimeLimits:All", Shards(next));
        // The other read models are the same tables and shards in both.
        Assert.Equal(Projections.DocumentTables.Name(current, typeof(Projections.Ledgers.ComplaintRow)),
            Projections.DocumentTables.Name(next, typeof(Projections.Ledgers.ComplaintRow)));
        Assert.Contains("ReadModels:All", Shards(next));

        Marten.IDocumentStore Store(Projections.ProjectionVersions? versions) => Marten.DocumentStore.For(o =>
        {
            o.Connection(db);
            o.DatabaseSchemaName = Storage.Schema;
            o.ConfigureGasLedger(Domain.ServicePolicy.Default).AddAsyncProjections(() => Domain.Calendar.WorkingCalendar.Official,
                Domain.ServicePolicy.Default, versions);
        });
    }

    [Fact]
    public void A_projection_version_below_one_is_refused_at_start()
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["GasLedger:ProjectionVersions:TimeLimits"] = "0" }).Build();
        Assert.Contains("starts at 1", Assert.Throws<InvalidOperationException>(() => { GasLedgerHost.Versions(config); }).Message);
        var two = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["GasLedger:ProjectionVersions:TimeLimits"] = "2" }).Build();
        Assert.Equal(2u, GasLedgerHost.Versions(two).TimeLimits);
        Assert.Equal(Projections.ProjectionVersions.TimeLimitsInCode, GasLedgerHost.Versions(new ConfigurationBuilder().Build()).TimeLimits);
    }
}
