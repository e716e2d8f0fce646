using Ablation.Models.Tokenizers;

namespace Ablation.Models.Tests.Tokenizers;

public class TokenizerLoaderTests
{
    [Fact]
    public void Picks_the_kind_from_the_files_present()
    {
        Assert.IsType<HfTokenizer>(TokenizerFixtures.Qwen);
        Assert.IsType<SentencePieceBpeTokenizer>(TokenizerFixtures.SpLlama);
        Assert.True(((HfTokenizer)TokenizerFixtures.Qwen).IsByteLevel);
        Assert.False(((HfTokenizer)TokenizerFixtures.LlamaJson).IsByteLevel);
    }

    [Fact]
    public void Tokenizer_config_overrides_bos_eos_and_adding()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ablation-spcfg-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        File.Copy(TokenizerFixtures.Fixture("sp-llama.model"), Path.Combine(dir, "tokenizer.model"), true);
        // e5-mistral style: add_eos_token in the config.
        File.WriteAllText(Path.Combine(dir, "tokenizer_config.json"),
            "{\"bos_token\": {\"__type\": \"AddedToken\", \"content\": \"<s>\"}, \"eos_token\": \"</s>\", \"pad_token\": \"<unk>\", \"add_bos_token\": true, \"add_eos_token\": true}");
        var t = TokenizerLoader.Load(dir);
        int[] ids = t.Encode("Hello");
        Assert.Equal(1, ids[0]);
        Assert.Equal(2, ids[^1]);
        Assert.Equal(0, t.PadId);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Missing_or_empty_folder_errors_say_what_is_expected()
    {
        string missing = Path.Combine(Path.GetTempPath(), "ablation-no-such-folder-" + Environment.ProcessId);
        Assert.Contains(missing, Assert.Throws<DirectoryNotFoundException>(() => TokenizerLoader.Load(missing)).Message);
        string empty = Path.Combine(Path.GetTempPath(), "ablation-empty-" + Environment.ProcessId);
        Directory.CreateDirectory(empty);
        var e = Assert.Throws<FileNotFoundException>(() => TokenizerLoader.Load(empty));
        Assert.Contains("tokenizer.json", e.Message);
        Assert.Contains("tokenizer.model", e.Message);
        Directory.Delete(empty);
    }

    [Fact]
    public void Unsupported_components_are_named_with_the_file()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ablation-wp-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "tokenizer.json"), "{\"model\":{\"type\":\"WordPiece\",\"vocab\":{}}}");
        var e = Assert.Throws<NotSupportedException>(() => TokenizerLoader.Load(dir));
        Assert.Contains("WordPiece", e.Message);
        Assert.Contains("tokenizer.json", e.Message);
        Directory.Delete(dir, true);
    }
}
