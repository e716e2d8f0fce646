using Ablation.Harness.Cli;
using Ablation.Harness.Reporting;

namespace Ablation.Harness.Tests.Reporting;

/// <summary>The plain-text fast path of <see cref="ItemTable.Read"/> reads what the CSV parser reads, and leaves everything else to it.</summary>
public class ItemTableTests
{
    [Theory]
    [InlineData("\n", true)]
    [InlineData("\r\n", true)]
    [InlineData("\n", false)]   // no final newline
    public void PlainFile_ReadsAsTheSameFileWithQuotedFields(string newline, bool finalNewline)
    {
        using var dir = new TempFolder();
        string[] rows = ["id,gold,cosine,label", "p0,0.5,-1.25e-3,a b", "p1,,3,x", "p 2,1E5,0.1,a b"];
        string plain = Path.Combine(dir.Path, "plain.csv"), quoted = Path.Combine(dir.Path, "quoted.csv");
        File.WriteAllText(plain, string.Join(newline, rows) + (finalNewline ? newline : ""));
        // Quoting every field sends the same content through the CSV parser.
        File.WriteAllText(quoted, string.Join(newline, rows.Select(r => string.Join(",", r.Split(',').Select(f => $"\"{f}\"")))) + newline);
        var a = ItemTable.Read(plain);
        var b = ItemTable.Read(quoted);
        Assert.Equal(["p0", "p1", "p 2"], a.Ids);
        Assert.Equal(b.Ids, a.Ids);
        Assert.Equal(["gold", "cosine", "label"], a.ColumnNames);
        Assert.Equal(b.ColumnNames, a.ColumnNames);
        foreach (var name in b.ColumnNames)
            for (int row = 0; row < 3; row++) Assert.Equal(b.Field(name, row), a.Field(name, row));
        Assert.Equal("", a.Field("gold", 1));
        Assert.Equal([0.5, double.NaN, 1e5], a.Numbers("gold", [0, 1, 2]));
        Assert.Equal([0, 0, 1], a.Codes("label", [0, 2, 1]));
    }

    [Fact]
    public void IdColumnOnly_AndNumbersFromTheText()
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, "ids.csv");
        File.WriteAllText(path, "id\na\nb\n");
        Assert.Equal(["a", "b"], ItemTable.Read(path).Ids);
        File.WriteAllText(path, "id,x\na,1.5\nb,zz\n");
        var table = ItemTable.Read(path);
        Assert.Equal([1.5], table.Numbers("x", [0]));
        Assert.Contains("line 3: column 'x' holds 'zz'", Assert.Throws<UserInputException>(() => table.Numbers("x", [1])).Message);
        Assert.Contains("no column 'y'", Assert.Throws<UserInputException>(() => table.Numbers("y", [0])).Message);
    }

    [Fact]
    public void MalformedPlainFile_GetsTheCsvParsersErrorWithItsLine()
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, "bad.csv");
        File.WriteAllText(path, "id,gold,cosine\np0,1,2\np1,3\np2,4,5\n");
        var e = Assert.Throws<UserInputException>(() => ItemTable.Read(path));
        Assert.Contains("line 3", e.Message);
        File.WriteAllText(path, "id,gold,cosine\np0,1,2\np1,3,4,5\n");   // one field too many
        Assert.Contains("line 3", Assert.Throws<UserInputException>(() => ItemTable.Read(path)).Message);
        File.WriteAllText(path, "id,gold\np0,1\np0,2\n");
        Assert.Contains("duplicate ids", Assert.Throws<UserInputException>(() => ItemTable.Read(path)).Message);
    }
}
