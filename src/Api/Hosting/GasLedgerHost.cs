using GasLedger.Api.Workbench;
using System.Text.Json.Serialization;
using System.Text.Json;
using GasLedger.Api.Security;
using GasLedger.Projections;
using JasperFx.Events.Projections;
using JasperFx.Events;
using JasperFx;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Npgsql;
using Scalar.AspNetCore;
using Weasel.Core;
using Wolverine.Marten;
using Wolverine;

namespace GasLedger.Api.Hosting;

/// <summary>How the host is put together: storage, projections, credentials, JSON, errors. One place.</summary>
public static class GasLedgerHost
{
    /// <summary>The wire format of the contract: camelCase names, enumerations as camelCase strings.</summary>
    public static void Json(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // Numbers are JSON numbers (the contract: money and volumes as decimal numbers), not strings of digits.
        o.NumberHandling = JsonNumberHandling.Strict;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    }

    public static readonly JsonSerializerOptions JsonOptions = Build();

    private static JsonSerializerOptions Build()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Json(o);
        return o;
    }

    /// <summary>
    /// What the event store holds and which read models it keeps, wherever its tables are: the live store, and the
    /// scratch store <c>audit verify</c> replays the projections into (<see cref="Audit.ProjectionReplay"/>). The time
    /// limits are added apart, since they count on the calendar in force.
    /// </summary>
    public static StoreOptions ConfigureGasLedger(this StoreOptions opts, ServicePolicy policy)
    {
        // Stored JSON: camelCase names, enumerations by name (Marten's LINQ compares them so); the wire format above
        // re-serialises them in camelCase.
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        opts.Events.StreamIdentity = StreamIdentity.AsGuid;
        opts.Events.MetadataConfig.UserNameEnabled = true;
        opts.Events.MetadataConfig.CorrelationIdEnabled = true;
        opts.Events.MetadataConfig.CausationIdEnabled = true;
        opts.Events.MetadataConfig.HeadersEnabled = true;
        opts.Events.AddEventTypes(typeof(IAccountEvent).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IAccountEvent).IsAssignableFrom(t)));

        // Documents without Marten's random version and .NET type columns: read models are rebuilt from the log, never
        // edited concurrently, and one type a table; at a million accounts the two weigh ~3.5 GB. The time each row was
        // last written stays (8 bytes): it shows when a projection last touched a row.
        opts.Policies.ForAllDocuments(m =>
        {
            m.Metadata.Version.Enabled = false;
            m.Metadata.DotNetType.Enabled = false;
        });
        opts.AddGasLedgerProjections(policy);
        // Party records (R-ACC-4) are documents, not projections: encrypted (Parties/PartyVault.cs), with keyed hashes
        // indexed for the account search, and the account each was recorded for, read with an account's history.
        opts.Schema.For<Parties.PartyRecord>().Index(p => p.AccountId).Index(p => p.PhoneHash).Index(p => p.NameHash)
            .Index(p => p.IdNumberHash);
        opts.Schema.For<Domain.Calendar.YearArrangement>()
            .Identity(a => a.Year); // R-CAL-1: official arrangements added by an administrator
        opts.Schema.For<Domain.Supply.GasTerms>(); // R-SUP-5: the gas supplied, published by date
        return opts;
    }

    /// <summary>
    /// The projections' versions this node runs (<c>GasLedger:ProjectionVersions</c>; the build's own by default): a
    /// node with a higher one builds that version beside the one in use (docs/cluster.md, blue/green).
    /// </summary>
    public static Projections.ProjectionVersions Versions(IConfiguration config)
    {
        var versions = config.GetSection("GasLedger:ProjectionVersions").Get<Projections.ProjectionVersions>() ?? Projections.ProjectionVersions.Current;
        return versions.TimeLimits >= 1 ? versions
            : throw new InvalidOperationException($"GasLedger:ProjectionVersions:TimeLimits is {versions.TimeLimits}: a projection's version starts at 1.");
    }

    public static string ConnectionString(IConfiguration config) =>
        config["GASLEDGER_DB"] ?? config.GetConnectionString("GasLedger")
        ?? throw new InvalidOperationException(
            "No database: set GASLEDGER_DB to a PostgreSQL connection string (./run.sh does this for you).");

    public static WebApplicationBuilder AddGasLedger(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        if (config["GasLedger:DevKeysDirectory"] is { Length: > 0 } devKeys)
        {
            config.AddJsonFile(Path.GetFullPath(DevKeys.Ensure(devKeys)), optional: false, reloadOnChange: true);
            // The development master key of party records, unless one is configured (GasLedger:MasterKey).
            if (string.IsNullOrWhiteSpace(config["GasLedger:MasterKey"]))
                config.AddJsonFile(Path.GetFullPath(Parties.DevMasterKey.Ensure(devKeys)), optional: false, reloadOnChange: false);
        }

        var policy = config.GetSection("ServicePolicy").Get<ServicePolicy>() ?? ServicePolicy.Default;
        builder.Services.AddSingleton(policy);
        var node = NodeOptions.From(config);
        builder.Services.AddSingleton(node);
        ErrorAnswers.ClassifyForProjections();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        // The database is asked for only when first used: `audit check-export` runs with no database at all.
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(ConnectionString(config)));
        // Party encryption (R-ACC-4): the keys are read when first needed, so hosts that touch no party need none.
        builder.Services.AddSingleton(_ => new Parties.PartyVault(
            Parties.PartyKeys.From(config.GetSection("GasLedger").Get<Parties.PartyKeyOptions>() ?? new Parties.PartyKeyOptions())));
        builder.Services.AddScoped<AccountStreams>();

        var marten = builder.Services.AddMarten(opts =>
            {
                var connectionString = ConnectionString(config);
                opts.Connection(connectionString);
                opts.DatabaseSchemaName = Storage.Schema;
                opts.ConfigureGasLedger(policy);
                // Async: every event sealed into the hash chain, in sequence order (Audit/EventSealing.cs).
                opts.Events.Subscribe(new Audit.EventSealing(connectionString));
                opts.Storage.ExtendedSchemaObjects.AddRange(Storage.Objects());
                // R-SUP-4: area interruptions and each account's part of one (Supply/AreaInterruptions.cs).
                opts.Schema.For<Supply.AreaInterruption>().Index(n => n.From);
                opts.Schema.For<Supply.InterruptionDelivery>().Index(d => d.InterruptionId);
                foreach (var ledger in Ledgers.Ledgers.ByName.Values) ledger.AddIndexes(opts);
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            .InitializeWith(new RunningSumsTriggers())
            .InitializeWith(new Projections.Inspections.InspectionDueIndexes())
            .InitializeWith(new Projections.Classification.ClassPeriodIndexes());
        // The async projections (ledgers, indexes) and the sealing run behind the event log: alone, in this process's
        // daemon (Solo); in a cluster, spread over the nodes by Wolverine, which moves a dead node's share to the others
        // (Marten's HotCold election does not work with this Npgsql: ../shared/gasledger/environment.md).
        if (node.Cluster)
        {
            marten.IntegrateWithWolverine(w => w.UseWolverineManagedEventSubscriptionDistribution = true);
            builder.Services.AddHostedService<SelfFencing>(); // cut off from the database: its agents stopped here first
            builder.Services.AddSingleton<CatchUp>(); // ready once its projections' versions are built (Health)
        }
        else marten.AddAsyncDaemon(JasperFx.Events.Daemon.DaemonMode.Solo).IntegrateWithWolverine();
        // Party records an earlier version kept in clear: encrypted at start, the plain table dropped (Parties/PlainPartyMigration.cs).
        builder.Services.AddHostedService<Parties.PlainPartyMigration>();
        builder.Services.AddHostedService<RecordNumbers.FromLegacySequence>();
        builder.Services.AddSingleton<Warmup>().AddHostedService(s => s.GetRequiredService<Warmup>());
        builder.Services.AddSingleton<Calendar.Calendars>()
            .AddHostedService(s => s.GetRequiredService<Calendar.Calendars>()); // R-CAL-1: loaded once Marten is up

        // The time limits count working days on the calendar in force, which an administrator can extend at run time.
        builder.Services.ConfigureMarten((services, opts) =>
            opts.AddAsyncProjections(() => services.GetRequiredService<Calendar.Calendars>().Current, policy, Versions(config)));
        // Marten's failures logged without the statements' data (DatabaseErrors).
        builder.Services.ConfigureMarten((services, opts) =>
        {
            opts.Logger(new StorageLog(services.GetRequiredService<ILogger<StorageLog>>()));
            opts.Listeners.Add(new WriteAttempts(services.GetRequiredService<IHttpContextAccessor>())); // ErrorAnswers: outcome known?
        });

        builder.Host.UseWolverine(opts =>
        {
            // In a cluster, each node owns the messages it took; a dead node's are taken over by the others.
            opts.Durability.Mode = node.Cluster ? DurabilityMode.Balanced : DurabilityMode.Solo;
            if (node.Cluster)
            {
                // A node that stops beating for 10 s is taken for dead and its projections given to the others
                // (Wolverine's defaults wait over a minute; RELIABILITY.md measures the takeover).
                opts.Durability.HealthCheckPollingTime = TimeSpan.FromSeconds(2);
                opts.Durability.StaleNodeTimeout = SelfFencing.StaleAfter;
                opts.Durability.CheckAssignmentPeriod = TimeSpan.FromSeconds(5);
            }
            // Messages between the steps of long work (an area interruption's fan-out) are stored with the transaction
            // that sent them and survive a crash (R-SUP-4).
            opts.Policies.UseDurableLocalQueues();
            opts.ApplicationAssembly = typeof(GasLedgerHost).Assembly;
        });
        builder.Services.AddWolverineHttp();
        builder.Services.ConfigureSystemTextJsonForWolverineOrMinimalApi(o =>
        {
            Json(o.SerializerOptions);
            Http.JsonInput.Apply(o.SerializerOptions); // request bodies read under the input rules
        });

        // Credentials: API keys (configuration, then the keys an administrator issued), and JWT bearer tokens when
        // GasLedger:Jwt is set. Which role may call which route: RouteAccess, applied in UseGasLedger.
        builder.Services.Configure<Security.ApiKeyOptions>(config.GetSection("GasLedger"));
        builder.Services.AddSingleton<StoredApiKeys>();
        builder.Services.AddGasLedgerCredentials(config);
        builder.Services.AddAuthorization(o =>
            o.FallbackPolicy = new AuthorizationPolicyBuilder(BearerTokens.CredentialsScheme).RequireAuthenticatedUser().Build());
        builder.AddWorkbench(); // the web pages at / (Workbench/Workbench.cs)
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<Workbench.Texts>();
        builder.AddHardening();
        builder.AddRequestLog();
        builder.AddTelemetry(node); // /metrics and traces (Telemetry.cs)

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ErrorAnswers>();
        builder.Services.AddOpenApi(o => o.Shape()); // Http/OpenApiShape.cs: what the document says beyond the endpoints
        return builder;
    }

    public static WebApplication UseGasLedger(this WebApplication app)
    {
        app.Use(app.Services.GetRequiredService<ServerRejections>().Track);
        app.UseRequestLog();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestBodyLimit(app.Configuration);
        app.UseWorkbenchFiles(); // the workbench's scripts and styles, open to all like a sign-in page's
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<Http.InputBoundary>(); // before anything is claimed or written
        app.UseMiddleware<Idempotency>();

        app.MapHealth(); // /health/live, /health/ready (Health.cs)
        app.MapTelemetry(); // /metrics
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/openapi/ui", o => o.OpenApiRoutePattern = "/openapi/{documentName}.json")
            .AllowAnonymous();
        var routed = new HashSet<string>();
        app.MapWolverineEndpoints(opts =>
        {
            // A query value that does not parse is a 400, never silently the default.
            opts.RejectUnparseableQueryValues = true;
            opts.WarmUpRoutes = RouteWarmup.Eager;
            opts.ConfigureEndpoints(chain =>
        {
            // The role matrix: every endpoint's roles from RouteAccess.Table, and none of its own.
            RouteAccess.Apply(chain, routed);
            // What every route may answer besides its success, for the OpenAPI document: no credentials, a role that
            // may not, the rate limit, a fault and the database away (ErrorAnswers); an id in the path that names nothing; a body
            // that does not read or is over the limit (Hardening); a command that does not fit the account's state,
            // and an Idempotency-Key reused with another body (Idempotency).
            chain.Metadata.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status500InternalServerError)
                .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
            if (chain.RoutePattern?.Parameters.Count > 0) chain.Metadata.ProducesProblem(StatusCodes.Status404NotFound);
            // HEAD wherever GET: the same answer without its body (the server drops it).
            if (chain.HttpMethods.Contains("GET"))
                chain.Metadata.Add(b => b.Metadata.Add(new HttpMethodMetadata(["GET", "HEAD"])));
            if (chain.HttpMethods.Contains("POST") || chain.HttpMethods.Contains("PUT"))
                chain.Metadata.ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge);
            if (chain.HttpMethods.Contains("POST"))
                chain.Metadata.ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        });
        });
        RouteAccess.CheckEveryRowUsed(routed);
        app.MapRazorPages(); // the workbench (issue 21)
        app.Lifetime.ApplicationStarted.Register(() => Announce(app));
        return app;
    }

    /// <summary>Tells whoever started the host where to find it.</summary>
    private static void Announce(WebApplication app)
    {
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null) return;
        Console.WriteLine();
        Console.WriteLine($"GasLedger is running at {address}");
        Console.WriteLine($"  workbench:   {address}/   (sign in with an API key)");
        Console.WriteLine($"  health:      {address}/health/ready, {address}/health/live");
        Console.WriteLine($"  OpenAPI:     {address}/openapi/v1.json");
        Console.WriteLine($"  OpenAPI UI:  {address}/openapi/ui");
        if (app.Configuration["GasLedger:DevKeysDirectory"] is { Length: > 0 } dir)
            Console.WriteLine($"  dev API keys (one per role, send as X-Api-Key): {Path.GetFullPath(Path.Combine(dir, DevKeys.KeysFile))}");
        Console.WriteLine();
    }
}
