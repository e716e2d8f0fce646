using Ablation.Harness.Data.Training;
using Ablation.Harness.Training;

namespace Ablation.Harness.Tests.Training;

public sealed class BatchSamplerTests
{
    /// <summary>300 examples drawn from few texts: queries from 40, positives from 60, negatives from 50 of which
    /// some are also positives, so many pairs of examples share a text.</summary>
    private static List<TrainingExample> Crowded(string dataset = "", int count = 300, int offset = 0)
    {
        var random = new Random(5 + offset);
        return [.. Enumerable.Range(0, count).Select(i => new TrainingExample(
            $"q{random.Next(40)}", $"p{random.Next(60)}", [random.Next(3) == 0 ? $"p{random.Next(60)}" : $"n{random.Next(50)}", $"extra{i}"],
            "", dataset, $"mem:{i}"))];
    }

    [Fact]
    public void A_batch_never_repeats_a_text_and_every_batch_is_full()
    {
        var examples = Crowded();
        var sampler = new BatchSampler(examples, batchSize: 8, hardNegatives: 1, homogeneous: false, seed: 11);
        var batches = 0;
        while (sampler.Position.Epoch < 3)
        {
            var batch = sampler.Next();
            Assert.Equal(8, batch.Count);
            AssertNoSharedText(batch, 1);
            batches++;
        }
        Assert.True(batches > 20, $"only {batches} batches in three epochs");
    }

    [Fact]
    public void Only_the_negatives_in_use_count_as_texts_of_an_example()
    {
        var examples = Crowded();
        // The second negative ("extra{i}") is unique; with hard_negatives 2 the constraint must include it (still distinct).
        var sampler = new BatchSampler(examples, 8, 2, false, 11);
        for (var i = 0; i < 30; i++)
        {
            var batch = sampler.Next();
            AssertNoSharedText(batch, 2);
            Assert.Contains(batch, e => e.Negatives[1].StartsWith("extra", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void An_example_whose_negative_is_its_positive_is_left_out()
    {
        var examples = TrainingFixtures.Examples(30);
        examples[3] = examples[3] with { Negatives = [examples[3].Positive] };
        var sampler = new BatchSampler(examples, 5, 1, false, 1);
        Assert.Equal(1, sampler.Contradictory);
        var drawn = Enumerable.Range(0, 3 * sampler.BatchesPerEpoch).SelectMany(_ => sampler.Next()).ToList();
        Assert.DoesNotContain(examples[3], drawn);
    }

    /// <summary>No text is used by two examples of the batch, and no example's negative is its own positive.</summary>
    private static void AssertNoSharedText(IReadOnlyList<TrainingExample> batch, int k)
    {
        var owner = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            Assert.DoesNotContain(batch[i].Positive, batch[i].Negatives.Take(k));
            foreach (var t in BatchSampler.TextsOf(batch[i], k))
            {
                if (owner.TryGetValue(t, out var j)) Assert.True(j == i, $"'{t}' is in examples {j} and {i} of one batch");
                owner[t] = i;
            }
        }
    }

    [Fact]
    public void An_epoch_uses_each_example_at_most_once_and_the_next_epoch_reshuffles()
    {
        var examples = TrainingFixtures.Examples(50);
        var sampler = new BatchSampler(examples, 7, 1, false, 3);
        var epoch0 = Enumerable.Range(0, sampler.BatchesPerEpoch).SelectMany(_ => sampler.Next()).ToList();
        Assert.Equal(7 * 7, epoch0.Count); // 50 examples → 7 full batches, the rest dropped
        Assert.Equal(epoch0.Count, epoch0.Distinct().Count());
        var epoch1 = Enumerable.Range(0, sampler.BatchesPerEpoch).SelectMany(_ => sampler.Next()).ToList();
        Assert.Equal(1, sampler.Position.Epoch);
        Assert.NotEqual(epoch0.Select(e => e.Source), epoch1.Select(e => e.Source));
    }

    [Fact]
    public void The_order_depends_only_on_the_seed_and_resumes_from_a_position()
    {
        var examples = Crowded();
        var a = new BatchSampler(examples, 8, 1, false, 42);
        var b = new BatchSampler(examples, 8, 1, false, 42);
        var other = new BatchSampler(examples, 8, 1, false, 43);
        var first = Enumerable.Range(0, 60).Select(_ => string.Join("|", a.Next().Select(e => e.Source))).ToList();
        Assert.Equal(first, Enumerable.Range(0, 60).Select(_ => string.Join("|", b.Next().Select(e => e.Source))));
        Assert.NotEqual(first, Enumerable.Range(0, 60).Select(_ => string.Join("|", other.Next().Select(e => e.Source))));

        // A fresh sampler put at the position after 25 batches continues exactly like the one that drew them.
        var resumed = new BatchSampler(examples, 8, 1, false, 42);
        var c = new BatchSampler(examples, 8, 1, false, 42);
        for (var i = 0; i < 25; i++) c.Next();
        resumed.Position = c.Position;
        Assert.Equal(first.Skip(25), Enumerable.Range(0, 35).Select(_ => string.Join("|", resumed.Next().Select(e => e.Source))));
    }

    [Fact]
    public void Homogeneous_batches_come_from_one_dataset_each_and_mix_datasets_over_an_epoch()
    {
        var examples = Crowded("alpha", 120).Concat(TrainingFixtures.Examples(80, "beta")).ToList();
        var sampler = new BatchSampler(examples, 8, 1, homogeneous: true, seed: 9);
        var datasets = new List<string>();
        for (var i = 0; i < sampler.BatchesPerEpoch; i++)
        {
            var batch = sampler.Next();
            Assert.Single(batch.Select(e => e.Dataset).Distinct());
            datasets.Add(batch[0].Dataset);
        }
        Assert.Contains("alpha", datasets);
        Assert.Contains("beta", datasets);
        Assert.Equal(10, datasets.Count(d => d == "beta")); // 80 distinct examples → 10 batches
    }

    [Fact]
    public void Too_few_distinct_examples_for_one_batch_is_a_user_error()
    {
        var same = Enumerable.Range(0, 20).Select(i => new TrainingExample("q", $"p{i}", [], "", "", $"m:{i}")).ToList();
        var e = Assert.Throws<UserInputException>(() => new BatchSampler(same, 2, 1, false, 1));
        Assert.Contains("batch", e.Message);
    }
}
