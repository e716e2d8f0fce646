using Ablation.Harness.Data.WordNet;
using Ablation.Tests.Shared;

namespace Ablation.Harness.Tests.Data;

/// <summary>Hierarchy look-ups on the fixture chain entity ← physical_entity ← {thing, object ← whole ← {congener, living_thing ← organism}}.</summary>
public class WordNetDatabaseTests
{
    private static readonly WordNetDatabase Db = WordNetDatabase.Load(RepoPaths.Fixture("data", "wordnet"));

    [Fact]
    public void WuPalmerMatchesHandComputedValues()
    {
        var congener = Db["n00003993"];
        var organism = Db["n00004475"];
        var thing = Db["n00002452"];
        // lcs(congener, organism) = whole, depth 4 (entity 1, physical_entity 2, object 3, whole 4);
        // congener is 1 edge below whole, organism 2 edges: 2·4 / (1 + 2 + 2·4) = 8/11.
        Assert.Equal(8.0 / 11.0, Db.WuPalmer(congener, organism), 12);
        // lcs(thing, congener) = physical_entity, depth 2; distances 1 and 3: 2·2 / (1 + 3 + 4) = 0.5.
        Assert.Equal(0.5, Db.WuPalmer(thing, congener), 12);
        Assert.Equal(1.0, Db.WuPalmer(organism, organism), 12);
        Assert.Equal(Db.WuPalmer(organism, congener), Db.WuPalmer(congener, organism), 12);
    }

    [Fact]
    public void DepthCountsNodesFromTheRoot()
    {
        Assert.Equal(1, Db.Depth(Db["n00001740"]));
        Assert.Equal(4, Db.Depth(Db["n00003553"]));
        Assert.Equal(6, Db.Depth(Db["n00004475"]));
    }

    [Fact]
    public void SiblingsShareAHypernymAndExcludeTheSynsetItself()
    {
        // congener and living_thing are both hyponyms of whole.
        Assert.Equal(["n00004258"], Db.Siblings(Db["n00003993"]).Select(s => s.Id));
        // thing and object are both under physical_entity.
        Assert.Equal(["n00002684"], Db.Siblings(Db["n00002452"]).Select(s => s.Id));
    }

    [Fact]
    public void SensesAreFoundByLemmaIgnoringCaseAndUnderscores()
    {
        Assert.Equal(["n02084071"], Db.Senses("domestic dog", 'n').Select(s => s.Id));
        Assert.Equal(["n06277280"], Db.Senses("tv", 'n').Select(s => s.Id));
        Assert.Empty(Db.Senses("dog", 'v'));
    }

    [Theory]
    [InlineData("the dog barked all night", "dog", true)]
    [InlineData("two dogs barked", "dog", true)]
    [InlineData("the dogma was stated", "dog", false)]
    [InlineData("He took a breath", "take a breath", false)]
    [InlineData("I can breathe better", "breathe", true)]
    [InlineData("The patient is respiring", "respire", false)] // e-dropping before -ing is not handled
    public void LemmaOccursAsAWholeWordWithRegularInflections(string sentence, string lemma, bool expected) =>
        Assert.Equal(expected, LemmaMatcher.Occurs(lemma, sentence));
}
