using Ablation.Models.Decoders;
using Ablation.Torch;
using Ablation.Torch.IO;

namespace Ablation.Models.Tests.Decoders;

public class LlamaDecoderTests
{
    // Absolute tolerance against the f32 reference of an independent PyTorch implementation (make_decoder_fixtures.py).
    private const double Tolerance = 1e-5;

    public static TheoryData<string, string, string> Cases()
    {
        var d = new TheoryData<string, string, string>();
        foreach (var model in new[] { "llama-tiny", "qwen2-tiny" })
            foreach (var side in new[] { "right", "left" })
                foreach (var mode in new[] { "causal", "bidirectional" })
                    d.Add(model, side, mode);
        return d;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void HiddenStatesAndLogitsMatchTheReference(string model, string side, string mode)
    {
        using var decoder = Fixtures.LoadDecoder(model);
        var expected = Fixtures.DecoderExpected.GetProperty(model);
        var inputs = expected.GetProperty("inputs").GetProperty(side);
        var ids = Fixtures.Longs(inputs.GetProperty("input_ids"));
        var mask = Fixtures.Longs(inputs.GetProperty("attention_mask"));
        var reference = expected.GetProperty("outputs").GetProperty($"{side}-{mode}");
        var refStates = Fixtures.Floats(reference.GetProperty("hidden_states"));
        var refLogits = Fixtures.Floats(reference.GetProperty("logits"));

        using var noGrad = torch.no_grad();
        using var output = decoder.Forward(ids, mask, AttentionModes.Parse(mode), logits: true);
        Assert.Equal(decoder.NumLayers + 1, output.HiddenStates.Count);
        for (var i = 0; i < output.HiddenStates.Count; i++)
            Assert.True(Fixtures.MaxDiffOnRealTokens(output.HiddenStates[i], refStates[i], mask) < Tolerance, $"hidden state {i}");
        Assert.True(Fixtures.MaxDiffOnRealTokens(output.Logits!, refLogits, mask) < Tolerance, "logits");
    }

    [Fact]
    public void Bf16CheckpointCastToFloat32EqualsTheFloat32Reference()
    {
        using var decoder = Fixtures.LoadDecoder("llama-tiny-bf16", ScalarType.Float32);
        Assert.Equal(ScalarType.Float32, decoder.Model.EmbedTokens.weight.dtype);
        var expected = Fixtures.DecoderExpected.GetProperty("llama-tiny");
        var inputs = expected.GetProperty("inputs").GetProperty("right");
        var mask = Fixtures.Longs(inputs.GetProperty("attention_mask"));
        using var noGrad = torch.no_grad();
        using var output = decoder.Forward(Fixtures.Longs(inputs.GetProperty("input_ids")), mask, AttentionMode.Causal);
        var reference = Fixtures.Floats(expected.GetProperty("outputs").GetProperty("right-causal").GetProperty("hidden_states"));
        Assert.True(Fixtures.MaxDiffOnRealTokens(output.LastHiddenState, reference[reference.shape[0] - 1], mask) < Tolerance);
    }

    [Fact]
    public void Bf16CheckpointLoadsAsStoredAndRunsInBf16()
    {
        using var decoder = Fixtures.LoadDecoder("llama-tiny-bf16", dtype: null);
        Assert.Equal(ScalarType.BFloat16, decoder.Model.EmbedTokens.weight.dtype);
        var expected = Fixtures.DecoderExpected.GetProperty("llama-tiny");
        var inputs = expected.GetProperty("inputs").GetProperty("right");
        var mask = Fixtures.Longs(inputs.GetProperty("attention_mask"));
        using var noGrad = torch.no_grad();
        using var output = decoder.Forward(Fixtures.Longs(inputs.GetProperty("input_ids")), mask, AttentionMode.Causal);
        Assert.Equal(ScalarType.BFloat16, output.LastHiddenState.dtype);
        var reference = Fixtures.Floats(expected.GetProperty("outputs").GetProperty("right-causal-bf16").GetProperty("last_hidden_state"));
        // Both sides compute in bf16 (8 mantissa bits) with different op orders; states are O(1–10).
        Assert.True(Fixtures.MaxDiffOnRealTokens(output.LastHiddenState, reference, mask) < 0.15);
    }

    [Fact]
    public void CausalStatesIgnoreLaterTokensButBidirectionalStatesDoNot()
    {
        using var decoder = Fixtures.LoadDecoder("llama-tiny");
        var a = torch.tensor(new long[] { 1, 17, 42, 5, 66, 23, 2 }, [1, 7]);
        var b = torch.tensor(new long[] { 1, 17, 42, 5, 91, 23, 2 }, [1, 7]);   // token 4 changed
        var mask = torch.ones([1, 7], ScalarType.Int64);
        using var noGrad = torch.no_grad();
        foreach (var mode in new[] { AttentionMode.Causal, AttentionMode.Bidirectional })
        {
            var ha = decoder.Forward(a, mask, mode).LastHiddenState;
            var hb = decoder.Forward(b, mask, mode).LastHiddenState;
            var prefix = ha.narrow(1, 0, 4).sub(hb.narrow(1, 0, 4)).abs().max().item<float>();
            var after = ha.narrow(1, 4, 3).sub(hb.narrow(1, 4, 3)).abs().max().item<float>();
            Assert.True(after > 1e-3, $"{mode}: changing token 4 must change its own state");
            if (mode == AttentionMode.Causal) Assert.True(prefix == 0, $"causal prefix changed by {prefix}");
            else Assert.True(prefix > 1e-3, "bidirectional prefix must see the later token");
        }
    }

    [Fact]
    public void LeftAndRightPaddingGiveTheSameStatesForRealTokens()
    {
        using var decoder = Fixtures.LoadDecoder("qwen2-tiny");
        var inputs = Fixtures.DecoderExpected.GetProperty("qwen2-tiny").GetProperty("inputs");
        var rIds = Fixtures.Longs(inputs.GetProperty("right").GetProperty("input_ids"));
        var rMask = Fixtures.Longs(inputs.GetProperty("right").GetProperty("attention_mask"));
        var lIds = Fixtures.Longs(inputs.GetProperty("left").GetProperty("input_ids"));
        var lMask = Fixtures.Longs(inputs.GetProperty("left").GetProperty("attention_mask"));
        using var noGrad = torch.no_grad();
        foreach (var mode in new[] { AttentionMode.Causal, AttentionMode.Bidirectional })
        {
            var r = decoder.Forward(rIds, rMask, mode).LastHiddenState;
            var l = decoder.Forward(lIds, lMask, mode).LastHiddenState;
            var lengths = rMask.sum(1).data<long>();
            for (var row = 0; row < lengths.Length; row++)
            {
                var n = lengths[row];
                var diff = r[row].narrow(0, 0, n).sub(l[row].narrow(0, 7 - n, n)).abs().max().item<float>();
                Assert.True(diff < 1e-5, $"{mode} row {row}: {diff}");
            }
        }
    }

    [Fact]
    public void ParameterNamesAreTheHuggingFaceNames()
    {
        using var llama = Fixtures.LoadDecoder("llama-tiny");
        var names = llama.named_parameters().Select(p => p.name).ToHashSet();
        Assert.Contains("model.embed_tokens.weight", names);
        Assert.Contains("model.layers.1.self_attn.k_proj.weight", names);
        Assert.Contains("model.layers.0.mlp.down_proj.weight", names);
        Assert.Contains("model.layers.0.post_attention_layernorm.weight", names);
        Assert.Contains("model.norm.weight", names);
        Assert.Contains("lm_head.weight", names);
        Assert.DoesNotContain("model.layers.0.self_attn.q_proj.bias", names);

        using var qwen = Fixtures.LoadDecoder("qwen2-tiny");
        var qn = qwen.named_parameters().Select(p => p.name).ToHashSet();
        Assert.Contains("model.layers.2.self_attn.q_proj.bias", qn);
        Assert.DoesNotContain("model.layers.2.self_attn.o_proj.bias", qn);
        Assert.DoesNotContain("lm_head.weight", qn);   // tied
        using var file = ShardedSafetensorsReader.Open(Fixtures.Checkpoint("qwen2-tiny"));
        Assert.Equal(file.Tensors.Select(t => t.Name).Order(), qn.Order());
    }

    [Fact]
    public void AMissingTensorIsAnErrorNamingTheFileAndTheKey()
    {
        var folder = Directory.CreateTempSubdirectory("ckpt").FullName;
        try
        {
            var source = Fixtures.Checkpoint("llama-tiny");
            File.Copy(Path.Combine(source, "config.json"), Path.Combine(folder, "config.json"));
            using (var file = SafetensorsFile.Open(Path.Combine(source, "model.safetensors")))
                SafetensorsWriter.Write(Path.Combine(folder, "model.safetensors"),
                    file.Tensors.Where(t => t.Name != "model.layers.1.mlp.up_proj.weight")
                        .Select(t => SafetensorsEntry.FromBytes(t.Name, t.Dtype, t.Shape, file.ReadBytes(t.Name))).ToList());
            var e = Assert.Throws<InvalidDataException>(() => HuggingFaceCheckpoint.Open(folder).LoadDecoder());
            Assert.Contains("model.layers.1.mlp.up_proj.weight", e.Message);
            Assert.Contains("model.safetensors", e.Message);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void AnUnknownModelTypeIsAnErrorNamingTheFile()
    {
        var folder = Directory.CreateTempSubdirectory("ckpt").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "config.json"), """{"model_type":"falcon","hidden_size":8}""");
            var e = Assert.Throws<FormatException>(() => HuggingFaceCheckpoint.Open(folder));
            Assert.Contains(Path.Combine(folder, "config.json"), e.Message);
            Assert.Contains("'model_type' is 'falcon'", e.Message);
        }
        finally { Directory.Delete(folder, true); }
    }
}
