using Ablation.Harness.Data.Gcide;
using Ablation.Harness.Data.Splits;

namespace Ablation.Harness.Tests.Data;

public class LeakageIndexTests
{
    [Fact]
    public void ShortEvaluationTextsLeakOnlyAsWholeWordSequences()
    {
        var index = new LeakageIndex();
        index.Add("the team is a unit");
        Assert.True(index.Leaks("whole: The TEAM is a unit, they said"));
        Assert.False(index.Leaks("the team is a union"));
        Assert.False(index.Leaks("the steam is a unit")); // "steam" is another word
    }

    [Fact]
    public void LongEvaluationTextsLeakThroughAnyEightWordWindow()
    {
        var index = new LeakageIndex();
        index.Add("a member of the genus Canis that has been domesticated by man since prehistoric times");
        Assert.True(index.Leaks("wolf-like: that has been domesticated by man since prehistoric times; occurs in many breeds"));
        Assert.False(index.Leaks("has been domesticated by man since prehistoric")); // only 7 shared words
    }

    [Fact]
    public void TextsUnderFourWordsAreNotRegistered()
    {
        var index = new LeakageIndex();
        index.Add("he ran");
        Assert.Equal(0, index.Count);
        Assert.False(index.Leaks("he ran home"));
    }

    [Fact]
    public void GcideCleaningRemovesPronunciationsAndSourceTags()
    {
        // A real GCIDE article (dict-gcide 0.48.5, headword "Bluely").
        string article = "Bluely \\Blue\"ly\\, adv.\n   With a blue color. --Swift.\n   [1913 Webster]\n";
        Assert.Equal("Bluely , adv. With a blue color. --Swift.", GcideText.Clean(article));
    }
}
