using Ablation.Harness.IO.Settings;
using Ablation.Harness.Training.Spec;

namespace Ablation.Harness.Tests.Settings;

public sealed class EnumNamesTests
{
    [Fact]
    public void NamesAreTheSnakeCaseOfMembersUnlessOverridden()
    {
        Assert.Equal(["constant", "constant_with_warmup", "linear", "cosine"], EnumNames.Of<ScheduleKind>());
        Assert.Equal(["lora", "full", "head", "head+lora"], EnumNames.Of<TrainableKind>());
        Assert.Equal(["right_padded", "paper_left_padded"], EnumNames.Of<SoftTokenLayout>());
        Assert.Equal(["float32", "bfloat16"], EnumNames.Of<DTypeKind>());
        Assert.Equal("head+lora", EnumNames.Name(TrainableKind.HeadAndLora));
        Assert.True(EnumNames.TryParse<TrainableKind>("head+lora", out var kind) && kind == TrainableKind.HeadAndLora);
        Assert.False(EnumNames.TryParse<TrainableKind>("Head", out _));
    }

    [Theory]
    [InlineData("WD2Q", "wd2q")]
    [InlineData("HTTPServer", "http_server")]
    [InlineData("MaxLength", "max_length")]
    [InlineData("Bfloat16", "bfloat16")]
    public void SnakeCase(string name, string expected) => Assert.Equal(expected, EnumNames.SnakeCase(name));

    // Levenshtein distances as given by the textbook examples.
    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("flaw", "lawn", 2)]
    [InlineData("", "abc", 3)]
    [InlineData("same", "same", 0)]
    public void EditDistance(string a, string b, int expected) => Assert.Equal(expected, DidYouMean.Distance(a, b));

    [Fact]
    public void SuggestsOnlyCloseNames()
    {
        Assert.Equal("temperature", DidYouMean.Suggest("temperatur", ["steps", "temperature"]));
        Assert.Equal("axes", DidYouMean.Suggest("axis", ["name", "axes", "base"]));
        Assert.Null(DidYouMean.Suggest("learning_rate", ["lr", "steps"]));
        Assert.Null(DidYouMean.Suggest("ab", ["xy"]));
    }
}
