using System.Net;
using GasLedger.Api.Audit;
using GasLedger.Api.Parties;
using GasLedger.Domain.Audit;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace GasLedger.Api.Workbench.Pages;

/// <summary>
/// 审计 — for auditors and administrators: the party access log, and the verification of the whole log (seals, sequence
/// gaps, every projection against a replay from zero) run from the page with its progress shown line by line as it goes.
/// </summary>
public sealed class AuditModel(NpgsqlDataSource db, ServicePolicy policy, Texts texts) : WorkbenchModel
{
    [BindProperty(SupportsGet = true)] public string? StaffId { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    /// <summary>The seal chain's checkpoint now: the last sealed event's sequence and its seal (what an auditor writes down).</summary>
    public Checkpoint? Checkpoint { get; private set; }

    public IReadOnlyList<AccessLogEntry>? Log { get; private set; }
    public (int Page, int Size, long Total) Paging { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!User.May("GET", "/api/audit/access-log")) return Forbid(Workbench.Scheme);
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            var (sequence, seal) = await EventSealing.Tip(connection, null, ct);
            Checkpoint = sequence == 0 ? null : new Checkpoint(sequence, Seal.Hex(seal));
        }
        if (Value<Paged<AccessLogEntry>>(await GetAccessLogEndpoint.Get(null, null, Blank(StaffId),
                null, null, null, PageNumber, 50, db, policy, ct)) is { } paged)
            (Log, Paging) = (paged.Items, (paged.Page, paged.PageSize, paged.Total));
        return Page();
    }

    /// <summary>
    /// Runs the verification as <c>POST /api/audit/verify</c> does, streaming a page of its progress lines as they come and
    /// its findings at the end (no script: the browser shows the page as it arrives).
    /// </summary>
    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        if (!User.May("POST", "/api/audit/verify")) return Forbid(Workbench.Scheme);
        Response.ContentType = "text/html; charset=utf-8";
        var feature = HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>();
        feature?.DisableBuffering();
        async Task Write(string html)
        {
            await Response.WriteAsync(html, ct);
            await Response.Body.FlushAsync(ct);
        }
        string E(string s) => WebUtility.HtmlEncode(s);
        await Write($"""
            <!DOCTYPE html><html lang="{texts.Lang}"><head><meta charset="utf-8"><title>{E(texts.T("审计校验", "Verification"))} · GasLedger</title>
            <link rel="icon" href="data:,"><link rel="stylesheet" href="/workbench.css"></head><body><main>
            <h1>{E(texts.T("审计校验", "Verification"))}</h1><ol id="progress" aria-live="polite">
            """);
        var lines = System.Threading.Channels.Channel.CreateUnbounded<string>();
        var run = Task.Run(async () =>
        {
            try
            {
                return await Verification.Run(HttpContext.RequestServices, daemonRunning: true,
                    new Progress<string>(line => lines.Writer.TryWrite(line)), ct);
            }
            finally
            {
                lines.Writer.TryComplete();
            }
        }, ct);
        await foreach (var line in lines.Reader.ReadAllAsync(ct))
            await Write($"<li>{E(texts.Time(DateTimeOffset.UtcNow, "HH:mm:ss"))} {E(line)}</li>\n");
        var answer = await run;
        var verdict = answer.Passed ? texts.T("通过", "passed") : texts.T("未通过", "failed");
        await Write($"""
            </ol><h2 id="verdict" class="{(answer.Passed ? "" : "bad")}">{E(texts.T("结果", "Result"))}: {E(verdict)}</h2>
            <dl class="header">
            <dt>{E(texts.T("已校验事件", "Events checked"))}</dt><dd>{Texts.N(answer.EventsChecked)}</dd>
            <dt>{E(texts.T("封印", "Seals"))}</dt><dd>{E(answer.SealsValid ? texts.T("完好", "valid") : $"{texts.T("破损", "broken")} #{answer.FirstBrokenSequence}: {answer.FirstBrokenReason}")}</dd>
            <dt>{E(texts.T("检查点", "Checkpoint"))}</dt><dd>{E(answer.Checkpoint is { } c ? $"#{c.Sequence} {c.Seal}" : "–")}</dd>
            <dt>{E(texts.T("序号空缺", "Sequence gaps"))}</dt><dd>{Texts.N(answer.SequenceGaps)}</dd>
            <dt>{E(texts.T("比对投影", "Projections compared"))}</dt><dd>{answer.ProjectionsCompared} · {Texts.N(answer.DocumentsCompared)} {E(texts.T("个文档", "documents"))}</dd>
            <dt>{E(texts.T("不一致", "Mismatches"))}</dt><dd>{Texts.N(answer.MismatchCount)}</dd>
            </dl>
            <ul>{string.Concat(answer.Mismatches.Take(50).Select(m => $"<li>{E(m.ToString())}</li>"))}</ul>
            <p><a href="/audit">{E(texts.T("返回审计", "Back to audit"))}</a></p></main></body></html>
            """);
        return new EmptyResult();
    }
}
