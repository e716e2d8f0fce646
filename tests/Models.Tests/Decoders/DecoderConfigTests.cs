using Ablation.Models.Decoders;
using Ablation.Tests.Shared;

namespace Ablation.Models.Tests.Decoders;

public class DecoderConfigTests
{
    [Fact]
    public void ReadsTheLlamaFixtureIncludingLlama3RopeScaling()
    {
        var c = DecoderConfig.Load(RepoPaths.Fixture("models", "llama-tiny", "config.json"));
        Assert.Equal("llama", c.ModelType);
        Assert.Equal((100, 32, 64, 2, 4, 2, 8), (c.VocabSize, c.HiddenSize, c.IntermediateSize, c.NumHiddenLayers, c.NumAttentionHeads, c.NumKeyValueHeads, c.HeadDim));
        Assert.Equal(2, c.KvGroups);
        Assert.Equal(1e-5, c.RmsNormEps);
        Assert.False(c.TieWordEmbeddings);
        Assert.False(c.AttentionQkvBias);
        Assert.Equal(new RopeScaling("llama3", 8, 1, 4, 64), c.RopeScaling);
        Assert.Equal("float32", c.TorchDtype);
        Assert.Equal([2], c.EosTokenIds);
    }

    [Fact]
    public void Qwen2HasQkvBiasButNoOutputBiasAndDerivesHeadDim()
    {
        var c = DecoderConfig.Load(RepoPaths.Fixture("models", "qwen2-tiny", "config.json"));
        Assert.Equal("qwen2", c.ModelType);
        Assert.True(c.AttentionQkvBias);
        Assert.False(c.AttentionOutputBias);
        Assert.True(c.TieWordEmbeddings);
        Assert.Equal(8, c.HeadDim);
        Assert.Equal(1e6, c.RopeTheta);
        Assert.Equal(1024, c.SlidingWindow);
        Assert.Null(c.RopeScaling);
    }

    [Fact]
    public void MistralDefaultsKvHeadsAndAcceptsEosLists()
    {
        var c = DecoderConfig.Parse("""
            {"model_type":"mistral","vocab_size":32000,"hidden_size":4096,"intermediate_size":14336,
             "num_hidden_layers":32,"num_attention_heads":32,"sliding_window":4096,"eos_token_id":[2,7],
             "rope_scaling":null,"torch_dtype":"bfloat16"}
            """);
        Assert.Equal(32, c.NumKeyValueHeads);
        Assert.Equal(128, c.HeadDim);
        Assert.Equal([2, 7], c.EosTokenIds);
        Assert.Equal("bfloat16", c.TorchDtype);
        Assert.Equal(10000, c.RopeTheta);
    }

    [Fact]
    public void RoundTripsThroughToJson()
    {
        var c = DecoderConfig.Load(RepoPaths.Fixture("models", "llama-tiny", "config.json"));
        Assert.Equal(c with { EosTokenIds = [] }, DecoderConfig.Parse(c.ToJson()) with { EosTokenIds = [] });
        Assert.Equal(c.EosTokenIds, DecoderConfig.Parse(c.ToJson()).EosTokenIds);
    }

    [Theory]
    [InlineData("""{"model_type":"gpt2","hidden_size":8}""", "'model_type' is 'gpt2'")]
    [InlineData("""{"hidden_size":8}""", "missing key 'model_type'")]
    [InlineData("""{"model_type":"llama","vocab_size":10,"intermediate_size":8,"num_hidden_layers":1,"num_attention_heads":2}""", "required key 'hidden_size'")]
    [InlineData("""{"model_type":"llama","vocab_size":10,"hidden_size":"big","intermediate_size":8,"num_hidden_layers":1,"num_attention_heads":2}""", "'hidden_size' must be a number")]
    [InlineData("""{"model_type":"llama","vocab_size":10,"hidden_size":8,"intermediate_size":8,"num_hidden_layers":1,"num_attention_heads":4,"num_key_value_heads":3}""", "'num_key_value_heads' (3) must divide")]
    [InlineData("""{"model_type":"llama","vocab_size":10,"hidden_size":8,"intermediate_size":8,"num_hidden_layers":1,"num_attention_heads":2,"rope_scaling":{"rope_type":"yarn","factor":4}}""", "'rope_scaling.rope_type' is 'yarn'")]
    [InlineData("""{"model_type":"llama","vocab_size":10,"hidden_size":8,"intermediate_size":8,"num_hidden_layers":1,"num_attention_heads":2,"hidden_act":"gelu"}""", "'hidden_act' is 'gelu'")]
    public void ErrorsNameTheFileAndTheKey(string json, string expected)
    {
        var e = Assert.Throws<FormatException>(() => DecoderConfig.Parse(json, "/ckpt/config.json"));
        Assert.StartsWith("/ckpt/config.json: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void MissingFileNamesThePath()
    {
        var e = Assert.Throws<FileNotFoundException>(() => DecoderConfig.Load("/nonexistent/config.json"));
        Assert.Contains("/nonexistent/config.json", e.Message);
    }
}
