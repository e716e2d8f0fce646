namespace Ablation.Harness.IO;

/// <summary>
/// One field of a hand-written CSV line (RFC 4180): quoted, with inner quotes doubled, when it holds a comma, a
/// quote or a line break. Grid design names such as "stage-I+II,contrastive.steps=25" contain commas.
/// </summary>
public static class CsvField
{
    public static string Escape(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";
}
