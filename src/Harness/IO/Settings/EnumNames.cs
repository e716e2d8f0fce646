using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.Json.Serialization;

namespace Ablation.Harness.IO.Settings;

/// <summary>
/// The names an enum has in settings files: the snake_case of each member (<c>ConstantWithWarmup</c> →
/// <c>constant_with_warmup</c>), or the member's <see cref="JsonStringEnumMemberNameAttribute"/> when it has one
/// (<c>TrainableKind.HeadAndLora</c> → <c>head+lora</c>). One list per enum, so messages, the JSON Schema and
/// command-line options cannot drift apart.
/// </summary>
public static class EnumNames
{
    private static readonly ConcurrentDictionary<Type, (string[] Names, Array Values)> Cache = new();

    /// <summary>Every name of <typeparamref name="T"/>, in declaration order.</summary>
    public static IReadOnlyList<string> Of<T>() where T : struct, Enum => Get(typeof(T)).Names;

    /// <summary>Every name of <paramref name="type"/>, in declaration order.</summary>
    public static IReadOnlyList<string> Of(Type type) => Get(type).Names;

    /// <summary>The settings-file name of <paramref name="value"/>.</summary>
    public static string Name<T>(T value) where T : struct, Enum => Name(typeof(T), value);

    /// <summary>The settings-file name of the boxed enum <paramref name="value"/>.</summary>
    public static string Name(Type type, object value)
    {
        var (names, values) = Get(type);
        for (int i = 0; i < names.Length; i++)
            if (values.GetValue(i)!.Equals(value)) return names[i];
        throw new ArgumentOutOfRangeException(nameof(value), $"{value} is not a member of {type.Name}");
    }

    /// <summary>Parses a settings-file name (exact, case-sensitive).</summary>
    public static bool TryParse<T>(string name, out T value) where T : struct, Enum
    {
        if (TryParse(typeof(T), name, out object? boxed)) { value = (T)boxed!; return true; }
        value = default;
        return false;
    }

    /// <summary>Parses a settings-file name of <paramref name="type"/> (exact, case-sensitive).</summary>
    public static bool TryParse(Type type, string name, out object? value)
    {
        var (names, values) = Get(type);
        int index = Array.IndexOf(names, name);
        value = index >= 0 ? values.GetValue(index) : null;
        return index >= 0;
    }

    /// <summary><c>CamelCase</c> → <c>camel_case</c>; digits stay with the word before them (<c>WD2Q</c> → <c>wd2q</c>).</summary>
    public static string SnakeCase(string name)
    {
        var text = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            bool boundary = i > 0 && char.IsUpper(c) && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
            if (boundary) text.Append('_');
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }

    private static (string[] Names, Array Values) Get(Type type) => Cache.GetOrAdd(type, t =>
    {
        if (!t.IsEnum) throw new ArgumentException($"{t.Name} is not an enum");
        var fields = t.GetFields(BindingFlags.Public | BindingFlags.Static).OrderBy(f => f.MetadataToken).ToArray();
        var names = fields.Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? SnakeCase(f.Name)).ToArray();
        var values = Array.CreateInstance(t, fields.Length);
        for (int i = 0; i < fields.Length; i++) values.SetValue(fields[i].GetValue(null), i);
        return (names, values);
    });
}
