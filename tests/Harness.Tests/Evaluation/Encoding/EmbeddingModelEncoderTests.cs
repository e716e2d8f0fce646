using Ablation.Tests.Shared;
using System.Text.Json;
using Ablation.Harness.Cli;
using Ablation.Harness.Evaluation.Encoding;
using Ablation.Models;
using Ablation.Models.Decoders;
using static Ablation.Harness.Tests.Evaluation.EvaluationFixtures;

namespace Ablation.Harness.Tests.Evaluation.Encoding;

/// <summary>The LLM embedding model behind <c>ablation eval</c>, on the tiny fixture checkpoint of the models tests.</summary>
public class EmbeddingModelEncoderTests
{
    private static string Checkpoint => RepoPaths.Fixture("models", "embed-tiny");

    private static readonly string[] Texts = ["a small dog barked", "the compiler emits byte code", "to run quickly"];

    [Fact]
    public void EncodesLikeTheEmbeddingModelItselfWithTheTaskInstructionOnQueries()
    {
        using var encoder = (EmbeddingModelEncoder)EmbeddingModelEncoder.TryCreate(Checkpoint + "#attention=bidirectional,pooling=mean")!;
        var instructed = encoder.Encode(Texts, TextKind.Query, "Find the definition: ");
        var documents = encoder.Encode(Texts, TextKind.Document, null);

        using var reference = EmbeddingModel.Load(Checkpoint, new EmbeddingLoadOptions
        {
            Attention = AttentionMode.Bidirectional, Pooling = "mean", MaxLength = 128,
            QueryInstruction = "Find the definition: ",
        });
        var expectedQueries = reference.Encode(Texts, TextKind.Query);
        var expectedDocuments = reference.Encode(Texts, TextKind.Document);
        for (var i = 0; i < Texts.Length; i++)
        {
            Assert.Equal(expectedQueries[i], instructed.Row(i).ToArray());
            Assert.Equal(expectedDocuments[i], documents.Row(i).ToArray());
            var norm = Math.Sqrt(instructed.Row(i).ToArray().Sum(x => (double)x * x));
            Assert.Equal(1.0, norm, 5);
        }
        // The instruction really reaches the query side, and only there.
        Assert.NotEqual(documents.Row(0).ToArray(), instructed.Row(0).ToArray());
    }

    [Fact]
    public void ModelIdNamesEveryChoiceThatChangesTheVectors()
    {
        using var causal = (EmbeddingModelEncoder)EmbeddingModelEncoder.TryCreate(Checkpoint)!;
        using var bidirectional = (EmbeddingModelEncoder)EmbeddingModelEncoder.TryCreate(Checkpoint + "#attention=bidirectional")!;
        Assert.Contains("attention=causal,pooling=eos_last", causal.ModelId);
        Assert.Contains("attention=bidirectional,pooling=eos_last", bidirectional.ModelId);
        Assert.NotEqual(causal.Encode(Texts, TextKind.Document, null).Row(1).ToArray(),
                        bidirectional.Encode(Texts, TextKind.Document, null).Row(1).ToArray());
    }

    [Fact]
    public void LeavesOtherModelStringsToOtherFactoriesAndRejectsBadOptions()
    {
        Assert.Null(EmbeddingModelEncoder.TryCreate("builtin:bow-hash"));
        Assert.Null(EmbeddingModelEncoder.TryCreate(Path.Combine(Path.GetTempPath(), "no-such-model-folder")));
        var error = Assert.Throws<UserInputException>(() => EmbeddingModelEncoder.TryCreate(Checkpoint + "#attention=sideways"));
        Assert.Contains("sideways", error.Message);
        error = Assert.Throws<UserInputException>(() => EmbeddingModelEncoder.TryCreate(Checkpoint + "#temperature=2"));
        Assert.Contains("temperature", error.Message);
        error = Assert.Throws<UserInputException>(() => EmbeddingModelEncoder.TryCreate(Checkpoint + "#pooling=last_layer_trainable"));
        Assert.Contains("trainable", error.Message);
    }

    [Fact]
    public void EvalCommandRunsTheCheckpointOnTheTinySuite()
    {
        var output = TempFolder();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(["eval", "--model", Checkpoint, "--attention", "bidirectional", "--pooling", "mean",
            "--suite", TinySuite, "--out", output, "--no-cache"], stdout, stderr);
        Assert.True(code == ExitCodes.Success, stderr.ToString());
        Assert.Contains("attention=bidirectional,pooling=mean", stdout.ToString());
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        Assert.Equal(7, metrics.RootElement.GetProperty("tasks").EnumerateObject().Count());
    }
}

public class EvalDefaultOutputTests
{
    [Fact]
    public void ResultsGoBesideATrainedModelButNeverIntoABaseCheckpoint()
    {
        var trained = Path.Combine(Path.GetTempPath(), "ablation-trained-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(trained, "checkpoint"));
        File.WriteAllText(Path.Combine(trained, "checkpoint", EmbeddingModelConfig.FileName), "{}");
        try
        {
            Assert.Equal(trained, EvalCommand.DefaultOutput(trained));
            // Per-run options on a trained model must not overwrite its own evaluation.
            Assert.Equal(Path.Combine("results", "eval", Path.GetFileName(trained) + "_attention_causal"),
                EvalCommand.DefaultOutput(trained + "#attention=causal"));
        }
        finally { Directory.Delete(trained, recursive: true); }

        var checkpoint = RepoPaths.Fixture("models", "embed-tiny");
        Assert.Equal(Path.Combine("results", "eval", "embed-tiny"), EvalCommand.DefaultOutput(checkpoint));
        Assert.Equal(Path.Combine("results", "eval", "embed-tiny_pooling_mean"), EvalCommand.DefaultOutput(checkpoint + "#pooling=mean"));
        Assert.Equal(Path.Combine("results", "eval", "builtin_bow-hash"), EvalCommand.DefaultOutput("builtin:bow-hash"));
    }
}
