using System.Text;
using Ablation.Harness.IO.Settings;
using Ablation.Harness.Training.Spec;

namespace Ablation.Harness.Tests.Settings;

public sealed class SettingsParserTests
{
    [Fact]
    public void KeepsLineColumnAndPathOfEveryValueAcrossCommentsAndWideCharacters()
    {
        const string json = "{\n  // a comment\n  \"a\": { /* note */ \"b\": [10, \"é€\", true] },\n  \"c\": null\n}";
        var root = SettingsParser.Parse(json, "x.json");

        var b = root["a"]!["b"]!;
        Assert.Equal((3, 26, "$.a.b"), (b.Line, b.Column, b.Path));
        Assert.Equal((3, 27, "$.a.b[0]", 10L), (b.Items[0].Line, b.Items[0].Column, b.Items[0].Path, b.Items[0].Integer!.Value));
        // Columns count characters, not UTF-8 bytes: "é€" is 2 characters but 5 bytes.
        Assert.Equal((3, 31, "é€"), (b.Items[1].Line, b.Items[1].Column, b.Items[1].String));
        Assert.Equal((3, 37), (b.Items[2].Line, b.Items[2].Column));
        Assert.Equal((4, 8, SettingsKind.Null), (root["c"]!.Line, root["c"]!.Column, root["c"]!.Kind));
        Assert.Equal((4, 3), (root.Properties[1].Line, root.Properties[1].Column));
    }

    [Fact]
    public void ALeadingByteOrderMarkDoesNotShiftColumns()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("{\"k\": 1}")).ToArray();
        var root = SettingsParser.Parse(bytes, "bom.json");
        Assert.Equal((1, 7), (root["k"]!.Line, root["k"]!.Column));
    }

    [Theory]
    [InlineData("{\n  \"a\": 1\n  \"b\": 2\n}", "x.json:3:3: invalid JSON:")]
    [InlineData("{\"a\": [1, 2,]}", "x.json:1:13: invalid JSON: a comma before a closing bracket or brace; remove it")]
    [InlineData("", "x.json:1:1: invalid JSON: the file holds no JSON value")]
    [InlineData("{} {}", "x.json:1:4: invalid JSON: '{' is invalid after a single JSON value")]
    [InlineData("{\"a\": 1,\n \"a\": 2}", "x.json:2:2: $.a: duplicate key \"a\" (first at line 1); keep one of them")]
    public void SyntaxErrorsNameTheFileLineAndColumn(string json, string expected)
    {
        var error = Assert.Throws<UserInputException>(() => SettingsParser.Parse(json, "x.json"));
        Assert.StartsWith(expected, error.Message);
        Assert.DoesNotContain("LineNumber", error.Message);
    }

    [Fact]
    public void InvalidUtf8IsAUserError()
    {
        var bytes = Encoding.UTF8.GetBytes("{\n  \"k\": \"ab\"}").ToArray();
        bytes[10] = 0xFF; // inside the string "ab"
        var error = Assert.Throws<UserInputException>(() => SettingsParser.Parse(bytes, "latin1.json"));
        Assert.StartsWith("latin1.json:2:", error.Message);
        Assert.Contains("UTF-8", error.Message);
    }

    [Fact]
    public void NumbersKeepWhetherTheyWereWrittenAsIntegers()
    {
        var root = SettingsParser.Parse("{\"i\": 3, \"f\": 3.0, \"e\": 3e0}", "n.json");
        Assert.Equal(3L, root["i"]!.Integer);
        Assert.Null(root["f"]!.Integer);
        Assert.Null(root["e"]!.Integer);
        Assert.Equal(3.0, root["f"]!.Number);
    }

    [Fact]
    public void MissingFileAndFolderAreUserErrors()
    {
        string folder = Directory.CreateTempSubdirectory("settings-").FullName;
        try
        {
            Assert.Contains("not found", Assert.Throws<UserInputException>(() => SettingsParser.ParseFile(Path.Combine(folder, "no.json"))).Message);
            Assert.Contains("is a folder", Assert.Throws<UserInputException>(() => SettingsParser.ParseFile(folder)).Message);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void ObjectReaderCollectsEveryProblemAndHintsUnknownKeys()
    {
        var root = SettingsParser.Parse("{\n \"stpes\": 3,\n \"rate\": \"fast\",\n \"mode\": \"alternte\",\n \"n\": 2.5\n}", "r.json");
        var errors = new SettingsErrors();
        var r = new SettingsObjectReader(root, errors);
        Assert.Equal(100, r.Int("steps", 100, min: 1));
        Assert.Equal(0.1, r.Double("rate", 0.1, min: 0, minExclusive: true));
        Assert.Equal(ReconstructionMode.Joint, r.Enum("mode", ReconstructionMode.Joint));
        Assert.Equal(7, r.Int("n", 7));
        r.String("title", "", required: true);
        r.RejectUnknownKeys();

        var lines = errors.All.Select(e => e.ToString()).ToList();
        Assert.Equal(
        [
            "r.json:1:1: $.title: is missing; add \"title\": a non-empty string",
            "r.json:2:2: $.stpes: unknown key \"stpes\" (did you mean \"steps\"?); allowed: steps, rate, mode, n, title",
            "r.json:3:10: $.rate: \"fast\" is not allowed; expected a number > 0",
            "r.json:4:10: $.mode: \"alternte\" is not allowed; expected one of: joint, alternate (did you mean \"alternate\"?)",
            "r.json:5:7: $.n: 2.5 is not allowed; expected an integer",
        ], errors.All.OrderBy(e => e.Line).ThenBy(e => e.Column).Select(e => e.ToString()).ToList());
        var thrown = Assert.Throws<UserInputException>(errors.ThrowIfAny);
        Assert.StartsWith("r.json: 5 problems:\n  r.json:1:1: $.title", thrown.Message);
    }
}
