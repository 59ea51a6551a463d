using GasLedger.Domain.Parties;

namespace GasLedger.Domain.Tests;

/// <summary>R-INT-2, R-ACC-4: what personal data looks like to staff who do not need the full values.</summary>
public class MaskingTests
{
    [Theory]
    [InlineData("张三", "张*")]
    [InlineData("张三丰", "张**")]
    [InlineData("欧阳娜娜", "欧***")]
    [InlineData("张", "张")]
    [InlineData("", "")]
    public void R_INT_2_name_keeps_the_first_character(string name, string masked)
    {
        Assert.Equal(masked, Masking.Name(name));
    }

    [Fact]
    public void R_INT_2_name_starting_with_a_character_outside_the_bmp_keeps_that_whole_character()
    {
        Assert.Equal("\U0002000E*", Masking.Name("\U0002000E三"));
    }

    [Theory]
    [InlineData("110101199003071234", "110101********1234")]
    [InlineData("11010119900307123X", "110101********123X")]
    [InlineData("110101900307123", "110101*****7123")] // the old 15-digit form
    [InlineData("1234567890", "**********")]
    [InlineData("12345", "*****")]
    public void R_ACC_4_id_number_shows_the_region_and_the_last_four(string id, string masked)
    {
        Assert.Equal(masked, Masking.IdNumber(id));
    }

    [Theory]
    [InlineData("13800138000", "138****8000")]
    [InlineData("010-12345678", "010*****5678")]
    [InlineData("1234567", "*******")]
    [InlineData("88888888", "888*8888")]
    public void R_ACC_4_phone_shows_the_first_three_and_last_four(string phone, string masked)
    {
        Assert.Equal(masked, Masking.Phone(phone));
    }

    [Fact]
    public void R_ACC_4_missing_values_stay_missing()
    {
        Assert.Null(Masking.IdNumber(null));
        Assert.Null(Masking.Phone(null));
    }

    [Fact]
    public void R_ACC_4_masked_values_never_contain_the_hidden_digits()
    {
        var id = Masking.IdNumber("110101199003071234")!;
        var phone = Masking.Phone("13800138000")!;

        Assert.DoesNotContain("19900307", id);
        Assert.Equal(18, id.Length);
        Assert.DoesNotContain("0013", phone);
        Assert.Equal(11, phone.Length);
    }

    [Fact]
    public void R_ACC_4_card_shows_its_last_four_only()
    {
        Assert.Equal("**** 2020", Masking.CardLast4("2020"));
    }

    [Fact]
    public void R_ACC_4_events_know_a_bank_card_by_token_and_last_four_only()
    {
        var card = new BankCard("card_0123456789abcdef0123", "6222020202020202020", "工商银行", "张三");

        var mandate = card.ToMandate();

        Assert.Equal("2020", card.Last4);
        Assert.Equal(new BankMandate("card_0123456789abcdef0123", "2020", "工商银行"), mandate);
        Assert.DoesNotContain("6222020202020202020", mandate.ToString());
        Assert.DoesNotContain("张三", mandate.ToString());
    }

    [Fact]
    public void R_ACC_4_new_card_tokens_are_distinct_and_carry_no_card_digits()
    {
        var a = BankCard.NewToken();
        var b = BankCard.NewToken();

        Assert.NotEqual(a, b);
        Assert.StartsWith("card_", a);
        Assert.Equal(25, a.Length);
    }

    [Fact]
    public void R_INT_2_an_address_is_shown_to_the_building()
    {
        var masked = Masking.Address(new Address("西湖区", "翠苑一区", "12", "2", "301"));
        Assert.Equal(new Address("西湖区", "翠苑一区", "12", "*", "*"), masked);
        Assert.Equal(new Address("西湖区", "翠苑一区", "12", null, null), Masking.Address(new Address("西湖区", "翠苑一区", "12", null, null)));
    }

    [Fact]
    public void R_INT_2_a_full_card_number_shows_its_last_four_digits()
    {
        Assert.Equal("**** 2020", Masking.Card("6222020202020202020"));
        Assert.Null(Masking.Card(null));
    }
}
