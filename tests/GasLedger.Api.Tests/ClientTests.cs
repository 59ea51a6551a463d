using GasLedger.Api.Security;
using GasLedger.Client;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using M = GasLedger.Client.Models;

namespace GasLedger.Api.Tests;

/// <summary>
/// The API as an outside client team uses it (issue 18): a C# client Kiota generates from the host's OpenAPI document
/// on every build (the test project's GenerateGasLedgerClient target; nothing generated is committed), with Kiota's own
/// HTTP pipeline and API-key authentication — no hand-written HTTP, no untyped access. It drives the whole lifecycle,
/// the reads, and the error answers a client must be able to read.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ClientTests(GasLedgerApp app)
{
    private GasLedgerClient As(string role) => Client(role is "" ? new AnonymousAuthenticationProvider()
        : new ApiKeyAuthenticationProvider(GasLedgerApp.KeyOf(role), "X-Api-Key", ApiKeyAuthenticationProvider.KeyLocation.Header));

    private GasLedgerClient Client(IAuthenticationProvider credentials)
    {
        // Kiota's default middleware (retry, redirect, headers inspection …) in front of the in-process server.
        var http = KiotaClientFactory.Create(finalHandler: app.Host.Server.CreateHandler());
        http.BaseAddress = new Uri("https://localhost/");
        return new GasLedgerClient(new HttpClientRequestAdapter(credentials, httpClient: http) { BaseUrl = "https://localhost" });
    }

    private static Date On(int month, int day) => new(2026, month, day);

    private static M.ApplicationForm Application(string name, string district) => new()
    {
        Holder = new M.HolderForm { Kind = M.PartyKind.Person, Name = name, IdNumber = "110101199003071234", Phone = "13800138000", SpecialCare = false },
        Address = new M.AddressForm { District = district, Community = "翠苑一区", Building = "12", Unit = "2", Room = "301" },
        Category = M.CustomerCategory.Residential, BuildingType = M.BuildingType.MultiStorey, MeterType = M.MeterType.ReadMeter,
        PaymentMethod = M.PaymentMethod.BankDirectDebit,
        Bank = new M.BankForm { CardNumber = "6222020202020202020", BankName = "工商银行", CardHolder = name },
        Channel = M.ApplicationChannel.Counter, Nature = M.ApplicationNature.Individual, Priority = M.ApplicationPriority.Waiting,
        Sms = new M.SmsForm { Number = "13800138000", Provider = "中国移动" },
        InvoiceDate = On(9, 1), OccurredAt = Journey.Day(9, 1, 9, 10),
    };

    [Fact]
    public async Task The_whole_lifecycle_through_the_generated_client()
    {
        var agent = As(StaffRoles.Agent);
        var technician = As(StaffRoles.Technician);
        var callbacks = As(StaffRoles.CallbackStaff);
        var district = $"客户端区{Guid.NewGuid():N}"[..12];

        var accepted = await agent.Api.Accounts.PostAsync(Application("王客户", district));
        Assert.Equal(1, accepted!.Version);
        Assert.Matches("^[0-9A-Z-]+$", accepted.AccountNumber!);
        var account = agent.Api.Accounts[accepted.AccountId!.Value];

        await account.ApplicationFee.PostAsync(new M.PayApplicationFee
            { Amount = 2400m, InvoiceNumber = "33010000123", InvoiceDate = On(9, 1), OccurredAt = Journey.Day(9, 1, 9, 20) });
        await account.Installation.Schedule.PostAsync(new M.ScheduleInstallation
            { Kind = M.InstallationKind.New, AppointmentDate = On(9, 4), OccurredAt = Journey.Day(9, 2) });
        var at = technician.Api.Accounts[accepted.AccountId.Value];
        await at.Installation.Complete.PostAsync(new M.CompleteInstallation
            { Installer = "S-1021", MeterSerial = "M2026090001", PipeLengthMeters = 6.5m, OverLengthCharge = 0m, OccurredAt = Journey.Day(9, 4, 15) });
        await account.Ignition.Request.PostAsync(new M.RequestIgnition { RequestedDate = On(9, 8), OccurredAt = Journey.Day(9, 5, 9) });
        var gasOn = await at.Ignition.Complete.PostAsync(new M.CompleteIgnition
        {
            Technician = "S-2001", StoveHasFlameOutProtection = true, AirtightnessPassed = true,
            Hose = new M.HoseBody { LengthMeters = 1.5m, Price = 45m, Invoiced = true }, OccurredAt = Journey.Day(9, 8, 10, 30),
        });
        Assert.Equal(6, gasOn!.Version);

        var inspection = await at.Inspections.PostAsync(new M.RecordInspection
        {
            Inspector = "S-3001", Outcome = M.InspectionOutcome.HazardsFound, RequestedByHolder = false,
            Hazards = [new M.HazardBody { Code = M.HazardCode.AgedHose, Severity = M.HazardSeverity.Minor, Description = "胶管老化" }],
            OccurredAt = Journey.Day(10, 10, 14),
        });
        var hazard = Assert.Single(inspection!.HazardIds!)!.Value;
        await at.Hazards[hazard].Rectify.PostAsync(new M.RectifyHazard { RecheckedBy = "S-3001", OccurredAt = Journey.Day(10, 12, 11) });

        var complaint = await account.Complaints.PostAsync(new M.FileComplaint
        {
            Channel = M.ComplaintChannel.Phone, Category = M.ComplaintCategory.Charges, Complexity = M.ComplaintComplexity.Simple,
            Content = "点火时收软管费未开票", OccurredAt = Journey.Day(10, 15, 9),
        });
        var complaintId = complaint!.ComplaintId!.Value;
        Assert.Contains(complaint.TimeLimits!, t => t.Kind == M.CommitmentKind.ComplaintReply);
        await account.Complaints[complaintId].Reply.PostAsync(new M.ReplyToComplaint { By = "S-5001", Decision = "核查收费记录", OccurredAt = Journey.Day(10, 15, 16) });
        await account.Complaints[complaintId].Resolve.PostAsync(new M.ResolveComplaint { By = "S-5001", Resolution = "补开发票", OccurredAt = Journey.Day(10, 16) });
        await callbacks.Api.Accounts[accepted.AccountId.Value].Complaints[complaintId].FollowUp.PostAsync(new M.FollowUpComplaint
            { By = "S-6001", Satisfaction = M.SatisfactionLevel.Satisfied, OccurredAt = Journey.Day(10, 17) });

        var repair = await account.Repairs.PostAsync(new M.ReportRepair
            { Emergency = false, Description = "灶具打不着火", Location = M.RepairLocation.Urban, OccurredAt = Journey.Day(10, 22, 8) });
        var repairId = repair!.RepairId!.Value;
        await account.Repairs[repairId].Dispatch.PostAsync(new M.DispatchRepair { Technician = "S-2002", OccurredAt = Journey.Day(10, 22, 8, 10) });
        await at.Repairs[repairId].Arrive.PostAsync(new M.ArriveOnSite { OccurredAt = Journey.Day(10, 22, 9, 30) });
        await at.Repairs[repairId].Complete.PostAsync(new M.CompleteRepair
            { AirtightnessPassed = true, Hazards = [], Charge = new M.ChargeBody { Amount = 30m, Invoiced = true }, OccurredAt = Journey.Day(10, 22, 10, 30) });
        var callback = await callbacks.Api.Accounts[accepted.AccountId.Value].Callbacks.PostAsync(new M.RecordCallback
        {
            Kind = M.CallbackKind.AfterRepair, Staff = "S-6001", Reached = true, Satisfaction = M.SatisfactionLevel.VerySatisfied,
            IrregularCharge = new M.IrregularChargeBody { Reported = false }, FollowsWorkId = repairId, OccurredAt = Journey.Day(10, 22, 10, 40),
        });
        Assert.NotNull(callback!.CallbackId);
        await callbacks.Api.Accounts[accepted.AccountId.Value].Ratings.PostAsync(new M.RecordRating
        {
            Source = M.RatingSource.Technician, Staff = "S-2002", Stage = M.ServiceStage.Repair, Attitude = M.SatisfactionLevel.VerySatisfied,
            Skill = M.SatisfactionLevel.Satisfied, ArrivalTime = M.SatisfactionLevel.Satisfied, PromiseKeeping = M.SatisfactionLevel.VerySatisfied,
            OccurredAt = Journey.Day(10, 22, 10, 45),
        });
        var usage = await at.Usage.PostAsync(new M.RecordUsage
            { Kind = M.UsageKind.MeterReading, VolumeM3 = 35.2m, PeriodEnd = On(10, 31), OccurredAt = Journey.Day(10, 31, 12) });
        Assert.NotNull(usage!.Version);
        await account.Transfer.PostAsync(new M.TransferAccount
        {
            NewHolder = new M.HolderForm { Kind = M.PartyKind.Person, Name = "李四", IdNumber = "330102198805120021", Phone = "13900139000" },
            PropertyProof = "浙(2026)杭州市不动产权第0012345号", PaymentMethod = M.PaymentMethod.Counter, OccurredAt = Journey.Day(11, 2),
        });
        await account.Suspend.PostAsync(new M.SuspendSupply { Reason = M.SuspensionReason.HolderRequest, OccurredAt = Journey.Day(11, 5) });
        await account.Resume.PostAsync(new M.ResumeSupply { OccurredAt = Journey.Day(11, 6) });
        var closed = await account.Close.PostAsync(new M.CloseAccount { Reason = M.ClosureReason.HolderRequest, OccurredAt = Journey.Day(11, 10) });

        // The reads, typed.
        var auditor = As(StaffRoles.Auditor);
        var view = await auditor.Api.Accounts[accepted.AccountId.Value].GetAsync();
        Assert.Equal(M.AccountStatus.Closed, view!.State);
        Assert.Equal(M.ClosureReason.HolderRequest, view.ClosureReason);
        Assert.Equal(closed!.Version, view.Version);
        Assert.Equal(district, view.Address!.District);

        var history = await auditor.Api.Accounts[accepted.AccountId.Value].History.GetAsync(q => q.QueryParameters.PageSize = 100);
        Assert.Equal(closed.Version, history!.Total);
        Assert.Equal("applicationSubmitted", history.Items![0].Type);
        Assert.Equal(Enumerable.Range(1, (int)closed.Version!.Value).Select(v => (long?)v), history.Items.Select(e => e.Version));
        var asOf = await auditor.Api.Accounts[accepted.AccountId.Value].GetAsync(q => q.QueryParameters.AsOf = "2026-09-30");
        Assert.Equal(M.AccountStatus.Active, asOf!.State);

        await app.WaitForProjections();
        var ledger = await auditor.Api.Ledgers.Complaints.GetAsync(q =>
        {
            q.QueryParameters.AccountNumber = accepted.AccountNumber;
            q.QueryParameters.Category = M.ComplaintCategory.Charges;
        });
        var row = Assert.Single(ledger!.Items!);
        Assert.Equal(complaintId, row.ComplaintId);
        Assert.Equal(M.ComplaintStatus.Closed, row.Status);
        Assert.Equal("核查收费记录", row.FirstReplyDecision);
        var none = await auditor.Api.Ledgers.Complaints.GetAsync(q =>
        {
            q.QueryParameters.AccountNumber = accepted.AccountNumber;
            q.QueryParameters.Category = M.ComplaintCategory.Safety;
        });
        Assert.Equal(0, none!.Total);
        var hazards = await auditor.Api.Ledgers.Hazards.GetAsync(q => { q.QueryParameters.AccountNumber = accepted.AccountNumber; q.QueryParameters.Open = false; });
        Assert.Equal(hazard, Assert.Single(hazards!.Items!).HazardId);
        var charges = await auditor.Api.Ledgers.Charges.GetAsync(q => q.QueryParameters.AccountNumber = accepted.AccountNumber);
        Assert.Contains(charges!.Items!, c => c.Amount == 30m);

        var search = await agent.Api.Accounts.GetAsync(q => q.QueryParameters.District = district);
        Assert.Equal(accepted.AccountId, Assert.Single(search!.Items!).AccountId);
        var met = await auditor.Api.Sla.GetAsync(q => { q.QueryParameters.District = district; q.QueryParameters.State = M.WorkState.Met; });
        Assert.Contains(met!.Items!, w => w.Kind == M.CommitmentKind.ComplaintReply);
        var classes = await auditor.Api.Classification.GetAsync(q => { q.QueryParameters.District = district; q.QueryParameters.AsOf = On(9, 30); });
        Assert.Equal(1, classes!.Total);
        var satisfaction = await auditor.Api.Satisfaction.GetAsync(q => { q.QueryParameters.District = district; q.QueryParameters.GroupBy = M.SatisfactionGrouping.Stage;
            q.QueryParameters.From = On(10, 1); q.QueryParameters.To = On(10, 31); });
        Assert.NotEmpty(satisfaction!.Groups!);
        var status = await auditor.Api.Status.GetAsync();
        Assert.True(status!.EventCount > 0);
        Assert.NotEmpty(status.AsyncProjections!);
    }

    [Fact]
    public async Task Each_error_arrives_as_its_typed_problem_with_its_detail()
    {
        var agent = As(StaffRoles.Agent);

        // 404: an id that names nothing.
        var missing = await Assert.ThrowsAsync<M.ProblemDetails>(() => As(StaffRoles.Auditor).Api.Accounts[Guid.NewGuid()].GetAsync());
        Assert.Equal(404, missing.ResponseStatusCode);
        Assert.False(string.IsNullOrWhiteSpace(missing.Detail));

        // 400 on a body: the field named in `errors`, nothing written.
        var before = await app.EventCount();
        var form = Application("错误客户", "西湖区");
        form.Address!.District = null;
        var invalid = await Assert.ThrowsAsync<M.HttpValidationProblemDetails>(() => agent.Api.Accounts.PostAsync(form));
        Assert.Equal(400, invalid.ResponseStatusCode);
        Assert.Contains("address.district", invalid.Errors!.AdditionalData.Keys);
        Assert.Equal(before, await app.EventCount());

        // 400 on a query value.
        var paging = await Assert.ThrowsAsync<M.HttpValidationProblemDetails>(() =>
            As(StaffRoles.Auditor).Api.Ledgers.Repairs.GetAsync(q => q.QueryParameters.PageSize = 100_000));
        Assert.Contains("pageSize", paging.Errors!.AdditionalData.Keys);

        // 409: a stale version, and a command the state does not allow.
        var accepted = await agent.Api.Accounts.PostAsync(Application("冲突客户", "西湖区"));
        var account = agent.Api.Accounts[accepted!.AccountId!.Value];
        var stale = await Assert.ThrowsAsync<M.ProblemDetails>(() => account.Installation.Schedule.PostAsync(new M.ScheduleInstallation
            { Kind = M.InstallationKind.New, AppointmentDate = On(9, 4), Version = 7, OccurredAt = Journey.Day(9, 2) }));
        Assert.Equal(409, stale.ResponseStatusCode);
        Assert.Contains("version", stale.Detail);
        var state = await Assert.ThrowsAsync<M.ProblemDetails>(() => account.Resume.PostAsync(new M.ResumeSupply()));
        Assert.Equal(409, state.ResponseStatusCode);

        // 401 without credentials, 403 for a role the matrix does not admit.
        var anonymous = await Assert.ThrowsAsync<M.ProblemDetails>(() => As("").Api.Status.GetAsync());
        Assert.Equal(401, anonymous.ResponseStatusCode);
        var forbidden = await Assert.ThrowsAsync<M.ProblemDetails>(() => As(StaffRoles.Analyst).Api.Accounts.PostAsync(Application("越权", "西湖区")));
        Assert.Equal(403, forbidden.ResponseStatusCode);
        Assert.Equal(before + 1, await app.EventCount());
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_replays_the_first_answer_and_a_changed_body_is_refused()
    {
        var agent = As(StaffRoles.Agent);
        var key = $"client-{Guid.NewGuid():N}";
        var form = Application("重试客户", "西湖区");
        var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var first = await agent.Api.Accounts.PostAsync(form, c => c.Headers.Add("Idempotency-Key", key));
        var again = await agent.Api.Accounts.PostAsync(form, c => { c.Headers.Add("Idempotency-Key", key); c.Options.Add(headers); });
        Assert.Equal(first!.AccountId, again!.AccountId);
        Assert.Equal(first.AccountNumber, again.AccountNumber);
        Assert.Equal(["true"], headers.ResponseHeaders["Idempotent-Replayed"]);

        form.Remarks = "另一份申请";
        var reused = await Assert.ThrowsAsync<M.ProblemDetails>(() => agent.Api.Accounts.PostAsync(form, c => c.Headers.Add("Idempotency-Key", key)));
        Assert.Equal(422, reused.ResponseStatusCode);
    }
}
