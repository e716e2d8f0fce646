using System.Text;
using System.Text.Json;

namespace Ablation.Harness.IO.Settings;

/// <summary>
/// Parses a settings file into a <see cref="SettingsNode"/> tree that keeps the line and column of every value.
/// JSON with <c>//</c> and <c>/* */</c> comments (as DESIGN.md writes its examples); trailing commas and duplicate
/// keys are errors, because either usually means a mistake in a hand-edited file.
/// </summary>
public static class SettingsParser
{
    /// <summary>Reads and parses <paramref name="path"/>; a missing file or bad JSON is a <c>UserInputException</c>.</summary>
    public static SettingsNode ParseFile(string path, string what = "settings file")
    {
        if (Directory.Exists(path))
            throw new UserInputException($"{path}: is a folder; give the path of the {what} (a .json file)");
        if (!File.Exists(path))
            throw new UserInputException($"{path}: {what} not found; check the path");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"{path}: cannot read the {what}: {e.Message}");
        }
        return Parse(bytes, path);
    }

    /// <summary>Parses <paramref name="json"/>; <paramref name="source"/> names it in messages.</summary>
    public static SettingsNode Parse(string json, string source) => Parse(Encoding.UTF8.GetBytes(json), source);

    /// <summary>Parses UTF-8 <paramref name="utf8"/> (a leading BOM is skipped).</summary>
    public static SettingsNode Parse(byte[] utf8, string source)
    {
        int start = utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF ? 3 : 0;
        var bytes = new ReadOnlySpan<byte>(utf8, start, utf8.Length - start);
        var positions = new TextPositions(utf8, start);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = false,
        });
        var errors = new SettingsErrors();
        try
        {
            if (!reader.Read())
                throw new UserInputException($"{source}:1:1: the file holds no JSON value; write a JSON object {{ ... }}");
            var root = ReadValue(ref reader, source, "$", positions, errors);
            reader.Read(); // text after the value throws here
            errors.ThrowIfAny();
            return root;
        }
        catch (JsonException e)
        {
            int line = (int)(e.LineNumber ?? 0) + 1;
            int column = positions.ColumnOfByte(line, (int)(e.BytePositionInLine ?? 0));
            throw new UserInputException($"{source}:{line}:{column}: invalid JSON: {Explain(e.Message)}");
        }
        catch (InvalidOperationException e) when (e.InnerException is DecoderFallbackException || e.Message.Contains("UTF-8", StringComparison.Ordinal))
        {
            var (line, column) = positions.At(start + (int)reader.TokenStartIndex);
            throw new UserInputException($"{source}:{line}:{column}: a string here is not valid UTF-8; save the file as UTF-8");
        }
    }

    /// <summary>System.Text.Json's message without its position suffix and advice meant for programmers.</summary>
    private static string Explain(string message)
    {
        if (message.Contains("does not contain any JSON tokens", StringComparison.Ordinal))
            return "the file holds no JSON value; write a JSON object { ... }";
        if (message.Contains("trailing comma", StringComparison.Ordinal))
            return "a comma before a closing bracket or brace; remove it";
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        return message.TrimEnd('.', ' ') + "; fix the syntax there";
    }

    private static SettingsNode ReadValue(ref Utf8JsonReader reader, string source, string path, TextPositions positions, SettingsErrors errors)
    {
        var (line, column) = positions.At(positions.Offset + (int)reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var node = new SettingsNode(SettingsKind.Object, source, path, line, column);
                var properties = new List<SettingsProperty>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    string name = reader.GetString()!;
                    var (nameLine, nameColumn) = positions.At(positions.Offset + (int)reader.TokenStartIndex);
                    reader.Read();
                    var value = ReadValue(ref reader, source, SettingsNode.ChildPath(path, name), positions, errors);
                    if (!seen.Add(name))
                    {
                        var first = properties.First(p => p.Name == name);
                        errors.Add(new SettingsError(source, nameLine, nameColumn, value.Path,
                            $"duplicate key \"{name}\" (first at line {first.Line}); keep one of them"));
                        continue;
                    }
                    properties.Add(new SettingsProperty(name, nameLine, nameColumn, value));
                }
                node.Properties = properties;
                return node;
            }
            case JsonTokenType.StartArray:
            {
                var node = new SettingsNode(SettingsKind.Array, source, path, line, column);
                var items = new List<SettingsNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    items.Add(ReadValue(ref reader, source, $"{path}[{items.Count}]", positions, errors));
                node.Items = items;
                return node;
            }
            case JsonTokenType.String:
                return new SettingsNode(SettingsKind.String, source, path, line, column) { String = reader.GetString() };
            case JsonTokenType.Number:
            {
                string raw = Encoding.UTF8.GetString(reader.ValueSpan);
                var node = new SettingsNode(SettingsKind.Number, source, path, line, column) { RawNumber = raw };
                node.Number = reader.TryGetDouble(out double d) ? d : double.NaN;
                if (!raw.Contains('.') && !raw.Contains('e') && !raw.Contains('E') && reader.TryGetInt64(out long l))
                    node.Integer = l;
                if (!double.IsFinite(node.Number))
                    errors.Add(node, $"the number {raw} is out of range");
                return node;
            }
            case JsonTokenType.True:
            case JsonTokenType.False:
                return new SettingsNode(SettingsKind.Bool, source, path, line, column) { Bool = reader.TokenType == JsonTokenType.True };
            default:
                return new SettingsNode(SettingsKind.Null, source, path, line, column);
        }
    }

    /// <summary>Maps byte offsets of the file to 1-based line and column (columns count characters, not bytes).</summary>
    private sealed class TextPositions
    {
        private readonly byte[] _bytes;
        private readonly List<int> _lineStarts;

        public TextPositions(byte[] bytes, int offset)
        {
            _bytes = bytes;
            Offset = offset;
            _lineStarts = [offset];
            for (int i = 0; i < bytes.Length; i++)
                if (bytes[i] == (byte)'\n') _lineStarts.Add(i + 1);
        }

        /// <summary>Where the JSON reader's offset 0 is in the file (after a BOM).</summary>
        public int Offset { get; }

        public (int Line, int Column) At(int byteOffset)
        {
            int index = _lineStarts.BinarySearch(byteOffset);
            if (index < 0) index = ~index - 1;
            return (index + 1, Characters(_lineStarts[index], byteOffset) + 1);
        }

        /// <summary>The column of the byte at <paramref name="bytesIntoLine"/> of 1-based <paramref name="line"/>.</summary>
        public int ColumnOfByte(int line, int bytesIntoLine)
        {
            if (line < 1 || line > _lineStarts.Count) return bytesIntoLine + 1;
            int lineStart = _lineStarts[line - 1];
            return Characters(lineStart, Math.Min(_bytes.Length, lineStart + bytesIntoLine)) + 1;
        }

        // UTF-8 continuation bytes (10xxxxxx) do not start a character.
        private int Characters(int from, int to)
        {
            int count = 0;
            for (int i = from; i < to && i < _bytes.Length; i++)
                if ((_bytes[i] & 0xC0) != 0x80) count++;
            return count;
        }
    }
}
