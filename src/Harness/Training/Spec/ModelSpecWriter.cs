using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ablation.Harness.IO.Settings;
using Ablation.Models.Pooling;

namespace Ablation.Harness.Training.Spec;

/// <summary>
/// Writes a spec as canonical JSON: every setting written out (defaults included), keys in the fixed order of
/// <see cref="ModelSpecSettings.All"/>, numbers in invariant culture (doubles as the shortest text that reads back
/// to the same value), two-space indentation, "\n" line ends. Equal specs give equal bytes, so the text is both a
/// cell's <c>config.json</c> and the input of its id (<see cref="Hash"/>).
/// </summary>
public static class ModelSpecWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The canonical JSON of <paramref name="spec"/> (ends with a newline).</summary>
    public static string Write(ModelSpec spec)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            foreach (var key in ModelSpecSettings.TopLevelKeys)
            {
                writer.WritePropertyName(key);
                if (!ModelSpecSettings.Sections.Contains(key))
                {
                    var setting = ModelSpecSettings.Find(key)!;
                    setting.Type.Write(writer, setting.Get(spec));
                    continue;
                }
                if (key == ModelSpecSettings.PoolingHead && spec.PoolingHead == null)
                {
                    writer.WriteNullValue();
                    continue;
                }
                writer.WriteStartObject();
                foreach (var setting in ModelSpecSettings.All.Where(s => s.Section == key))
                {
                    writer.WritePropertyName(setting.Name);
                    setting.Type.Write(writer, setting.Get(spec));
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>
    /// The first 12 hex digits (48 bits) of the SHA-256 of <paramref name="canonicalJson"/>'s UTF-8 bytes: a cell's id.
    /// </summary>
    public static string Hash(string canonicalJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson)))[..12];

    /// <summary>
    /// <paramref name="spec"/> with every setting that cannot affect the trained model reset to its default, so
    /// that editing it does not change the cell's id: the settings of stages not in <c>stages</c> (and
    /// <c>data.reconstruction_train</c> without a reconstruction stage), <c>pooling_head</c> for a pooling without
    /// parameters, <c>lora</c> when no stage trains LoRA; <c>trainable: head+lora</c> reads as <c>lora</c> for a
    /// pooling without parameters.
    /// </summary>
    public static ModelSpec Normalize(ModelSpec spec)
    {
        var fresh = new ModelSpec();
        bool headHasParameters = PoolingHeads.IsTrainable(spec.Pooling);
        if (!headHasParameters)
        {
            spec = spec with { PoolingHead = null };
            if (spec.Contrastive.Trainable == TrainableKind.HeadAndLora)
                spec = spec with { Contrastive = spec.Contrastive with { Trainable = TrainableKind.Lora } };
            if (spec.Reconstruction.Trainable == TrainableKind.HeadAndLora)
                spec = spec with { Reconstruction = spec.Reconstruction with { Trainable = TrainableKind.Lora } };
        }
        if (!spec.Stages.Contains(StageKind.Contrastive))
            spec = spec with { Contrastive = fresh.Contrastive };
        if (!spec.Stages.Contains(StageKind.Reconstruction))
            spec = spec with { Reconstruction = fresh.Reconstruction, Data = spec.Data with { ReconstructionTrain = null } };
        var trainables = new List<TrainableKind>();
        if (spec.Stages.Contains(StageKind.Contrastive)) trainables.Add(spec.Contrastive.Trainable);
        if (spec.Stages.Contains(StageKind.Reconstruction)) trainables.Add(spec.Reconstruction.Trainable);
        if (!trainables.Any(t => t is TrainableKind.Lora or TrainableKind.HeadAndLora))
            spec = spec with { Lora = fresh.Lora };
        return spec;
    }
}
