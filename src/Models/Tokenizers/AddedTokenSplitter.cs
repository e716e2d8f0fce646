using System.Text.RegularExpressions;

namespace Ablation.Models.Tokenizers;

/// <summary>Cuts text at added tokens (longest match first), so they are never split by BPE.</summary>
internal sealed class AddedTokenSplitter
{
    private readonly Regex? _regex;
    private readonly Dictionary<string, AddedToken> _byContent;

    public AddedTokenSplitter(IEnumerable<AddedToken> tokens)
    {
        var list = tokens.Where(t => t.Content.Length > 0).ToList();
        _byContent = new Dictionary<string, AddedToken>(StringComparer.Ordinal);
        foreach (var t in list) _byContent[t.Content] = t;
        if (_byContent.Count == 0) return;
        // Longest first so "<|im_start|>" wins over a shorter token that is its prefix.
        var alternatives = _byContent.Values.OrderByDescending(t => t.Content.Length).ThenBy(t => t.Content, StringComparer.Ordinal)
            .Select(t => (t.LStrip ? @"\s*" : "") + "(" + Regex.Escape(t.Content) + ")" + (t.RStrip ? @"\s*" : ""));
        // Each alternative has one capturing group; the token is whichever group matched.
        _regex = new Regex(string.Join("|", alternatives), RegexOptions.CultureInvariant);
    }

    /// <summary>Segments in order: (text, null) for ordinary text, (null, token) for an added token.</summary>
    public List<(string? Text, AddedToken? Token)> Split(string text)
    {
        var result = new List<(string?, AddedToken?)>();
        if (_regex == null) { result.Add((text, null)); return result; }
        int last = 0;
        for (Match m = _regex.Match(text); m.Success; m = m.NextMatch())
        {
            if (m.Index > last) result.Add((text[last..m.Index], null));
            string content = m.Groups.Cast<Group>().Skip(1).First(g => g.Success).Value;
            result.Add((null, _byContent[content]));
            last = m.Index + m.Length;
        }
        if (last < text.Length) result.Add((text[last..], null));
        return result;
    }
}
