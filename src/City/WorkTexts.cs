namespace GasLedger.City;

/// <summary>
/// What staff write in the free-text fields of the generated work (complaint content, replies, resolutions, repair
/// descriptions, hazard notes): short stock phrases, never anyone's personal data.
/// </summary>
internal static class WorkTexts
{
    public static string Complaint(ComplaintCategory category) => category switch
    {
        ComplaintCategory.Attitude => "营业厅工作人员服务态度差",
        ComplaintCategory.Charges => "对收费标准有异议",
        ComplaintCategory.Delay => "报装后安装进度缓慢",
        ComplaintCategory.Safety => "楼道内有燃气异味",
        ComplaintCategory.Billing => "本月账单用气量异常偏高",
        ComplaintCategory.Quality => "燃气压力不稳定，灶具火焰偏小",
        ComplaintCategory.Conduct => "反映工作人员索要好处费",
        _ => "其他服务问题",
    };

    public static string Reply(ComplaintCategory category) => category switch
    {
        ComplaintCategory.Safety => "已派抢修人员现场检查",
        ComplaintCategory.Billing or ComplaintCategory.Charges => "安排复核抄表数据与收费记录",
        ComplaintCategory.Conduct => "已转纪检部门调查核实",
        _ => "已受理，安排专人跟进处理",
    };

    public static string Resolution(ComplaintCategory category) => category switch
    {
        ComplaintCategory.Safety => "现场检漏处理完毕，已恢复安全用气",
        ComplaintCategory.Billing => "复核后更正读数并调整账单",
        ComplaintCategory.Charges => "向用户解释收费依据，退还多收费用",
        ComplaintCategory.Delay => "已安排施工并告知完工日期",
        ComplaintCategory.Attitude => "对相关人员进行批评教育并向用户致歉",
        ComplaintCategory.Conduct => "经核实已处理相关人员",
        ComplaintCategory.Quality => "调整调压设备，压力恢复正常",
        _ => "问题已处理完毕",
    };

    public static readonly string[] Repairs = ["灶具无法点火", "热水器打不着火", "燃气表不走字", "IC卡表不读卡",
        "阀门关闭不严", "软管老化需更换"];

    public const string Emergency = "室内有燃气泄漏气味";

    public static string Hazard(HazardCode code) => code switch
    {
        HazardCode.Leak => "管道接口处漏气",
        HazardCode.AgedHose => "胶管老化龟裂",
        HazardCode.NoFlameOutProtection => "灶具无熄火保护装置",
        HazardCode.IllegalModification => "私自改装燃气管道",
        HazardCode.PoorVentilation => "厨房通风不良",
        _ => "燃气设施周边堆放杂物",
    };

    public const string IgnitionIrregularCharge = "点火时收取费用未开具发票";
    public const string InspectionIrregularCharge = "安检人员收取费用";
}
