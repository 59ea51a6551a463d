using GasLedger.Domain.TimeLimits;

namespace GasLedger.Api.Workbench;

/// <summary>The names the service centre uses for the API's terms, in both languages (the rules' own Chinese terms first).</summary>
public static class Names
{
    private static readonly Dictionary<string, (string Zh, string En)> Terms = new()
    {
        // Lifecycle stages and service levels (R-CLS-1/3/4), value tiers.
        ["prospect"] = ("潜在", "prospect"), ["new"] = ("新户", "new"), ["established"] = ("稳定", "established"),
        ["dormant"] = ("休眠", "dormant"), ["lost"] = ("流失", "lost"),
        ["key"] = ("重点客户", "key"), ["care"] = ("关爱客户", "care"), ["standard"] = ("普通客户", "standard"),
        // Time limits (R-INS-2, R-IGN-1, R-CMP-4/6, R-REP-2, R-SUP-1, R-APP-4, R-TL-1/3).
        ["installation"] = ("安装", "installation"), ["ignition"] = ("通气点火", "gas-on"),
        ["requestedInspection"] = ("预约安检", "requested inspection"), ["complaintReply"] = ("投诉答复", "complaint reply"),
        ["complaintDecision"] = ("投诉处理意见", "complaint decision"), ["complaintResolution"] = ("投诉办结", "complaint resolution"),
        ["firstResponder"] = ("首问负责", "first responder"), ["repairHandling"] = ("报修处理", "repair handling"),
        ["repairCompletion"] = ("报修修复", "repair completion"), ["emergencyArrival"] = ("抢险到场", "emergency arrival"),
        ["interruptionNotice"] = ("停气通知", "interruption notice"), ["counterHandling"] = ("柜台办理", "counter handling"),
        ["holderVisit"] = ("预约上门", "holder visit"), ["repairArrival"] = ("报修到场", "repair arrival"),
        // Callbacks (R-CB-1).
        ["afterIgnition"] = ("点火回访", "after gas-on"), ["afterInspection"] = ("安检回访", "after inspection"),
        ["afterInstallation"] = ("安装回访", "after installation"), ["afterRepair"] = ("维修回访", "after repair"),
        ["afterComplaint"] = ("投诉回访", "after complaint"), ["keyCustomer"] = ("重点客户回访", "key customer"),
        ["holiday"] = ("节日回访", "holiday"),
        // Categories (R-ACC-2), meters and payment (R-APP-1/2).
        ["residential"] = ("居民", "residential"), ["publicService"] = ("公福", "public service"), ["industrial"] = ("工业", "industrial"),
        ["distribution"] = ("分销", "distribution"), ["cngVehicle"] = ("CNG 车用", "CNG vehicles"),
        ["cngMotherStation"] = ("CNG 母站", "CNG mother station"), ["lngVehicleVessel"] = ("LNG 车船", "LNG vehicles and vessels"),
        ["lngFactoryRetail"] = ("LNG 工厂零售", "LNG factory retail"), ["lngTrade"] = ("LNG 贸易", "LNG trade"),
        ["icCard"] = ("IC 卡表", "IC-card meter"), ["readMeter"] = ("抄表", "read meter"),
        ["bankDirectDebit"] = ("银行代扣", "direct debit"), ["online"] = ("网上缴费", "online"), ["counter"] = ("柜台缴费", "counter"),
        ["topUp"] = ("IC 卡充值", "card top-up"),
        // Events of an account's history (R-ACC-1), as the timeline names them.
        ["applicationSubmitted"] = ("报装受理", "application"), ["applicationFeePaid"] = ("报装费", "application fee"),
        ["applicationDeclined"] = ("婉拒报装", "application declined"), ["installationScheduled"] = ("安装预约", "installation scheduled"),
        ["installationCompleted"] = ("安装完成", "installed"), ["ignitionRequested"] = ("通气申请", "gas-on requested"),
        ["ignitionCompleted"] = ("通气点火", "gas on"), ["ignitionRefused"] = ("不予通气", "gas-on refused"),
        ["inspectionVisited"] = ("安检", "inspection"), ["inspectionRequested"] = ("预约安检", "inspection requested"),
        ["hazardFound"] = ("发现隐患", "hazard found"), ["hazardRectified"] = ("隐患整改", "hazard rectified"),
        ["holderTransferred"] = ("过户", "transfer"), ["complaintFiled"] = ("投诉受理", "complaint"),
        ["complaintAcknowledged"] = ("投诉答复", "complaint acknowledged"), ["complaintReplied"] = ("投诉处理意见", "complaint decided"),
        ["complaintResolved"] = ("投诉办结", "complaint resolved"), ["complaintFollowedUp"] = ("投诉回访", "complaint follow-up"),
        ["repairReported"] = ("报修", "repair reported"), ["repairDispatched"] = ("派工", "dispatched"),
        ["technicianArrived"] = ("到场", "on site"), ["repairCompleted"] = ("维修完成", "repaired"),
        ["callbackMade"] = ("回访", "callback"), ["ratingGiven"] = ("满意度评价", "rating"), ["usageRecorded"] = ("用气", "usage"),
        ["supplySuspended"] = ("停气", "supply suspended"), ["supplyResumed"] = ("恢复供气", "supply resumed"),
        ["supplyInterrupted"] = ("区域停气", "area interruption"), ["supplyRestored"] = ("区域复气", "area restored"),
        ["accountClosed"] = ("销户", "closed"), ["contactChanged"] = ("联系方式变更", "contact changed"),
        ["paymentMethodChanged"] = ("缴费方式变更", "payment method changed"), ["meterReplaced"] = ("换表", "meter replaced"),
        ["icCardReissued"] = ("补卡", "IC card reissued"), ["billPaid"] = ("缴费", "bill paid"), ["billQueried"] = ("账单查询", "bill query"),
        ["safetyMaterialHanded"] = ("安全用气宣传", "safety material"), ["visitRequested"] = ("预约上门", "visit requested"),
        ["visitDone"] = ("上门完成", "visit done"), ["clockPaused"] = ("时限暂停", "clock paused"), ["clockResumed"] = ("时限恢复", "clock resumed"),
        // Time-limit states.
        ["open"] = ("进行中", "open"), ["met"] = ("按时", "met"), ["breached"] = ("超时", "breached"),
        // Account states.
        ["applied"] = ("已报装", "applied"), ["installing"] = ("安装中", "installing"), ["installed"] = ("已安装", "installed"),
        ["active"] = ("用气中", "active"), ["suspended"] = ("停气", "suspended"), ["closed"] = ("已销户", "closed"),
    };

    /// <summary>A term by its wire name (camelCase, as the API writes it), or the wire name itself when it has no name.</summary>
    public static string Of(string wire, Texts texts) =>
        Terms.TryGetValue(wire, out var name) ? texts.T(name.Zh, name.En) : wire;

    public static string Of<T>(T value, Texts texts) where T : struct, Enum => Of(Domain.Accounts.WireNames.Of(value.ToString()), texts);

    public static string Stage(string stage, Texts texts) => Of(Domain.Accounts.WireNames.Of(stage), texts);

    public static string Commitment(CommitmentKind kind, Texts texts) => Of(kind, texts);

    public static string Callback(CallbackKind kind, Texts texts) => Of(kind, texts);
}
