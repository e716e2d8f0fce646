
namespace Ablation.Harness.Evaluation.Encoding;

/// <summary>
/// Maps a <c>--model</c> argument to an encoder. Each factory looks at the string and returns an encoder or
/// null ("not mine"); the first match wins. Built in (<see cref="NamedResources.EncoderFactories"/>): LLM model
/// folders, <c>builtin:tiny-base</c>, <c>builtin:bow-hash[:dimension]</c>. <see cref="Register"/> adds more
/// (tried first, so a specific factory can override a general one).
/// </summary>
public static class EncoderRegistry
{
    // Copy on write: a lookup works on an immutable snapshot.
    private static System.Collections.Immutable.ImmutableArray<Func<string, ITextEncoder?>> _registered = [];

    /// <summary>Adds a factory; later registrations are tried first, so a specific factory can override a general one.</summary>
    public static void Register(Func<string, ITextEncoder?> factory) =>
        System.Collections.Immutable.ImmutableInterlocked.Update(ref _registered, list => list.Insert(0, factory));

    /// <summary>The encoder for <paramref name="model"/>, or a user error that lists what is accepted.</summary>
    public static ITextEncoder Resolve(string model)
    {
        foreach (var factory in _registered.Concat(NamedResources.EncoderFactories))
        {
            var encoder = factory(model);
            if (encoder != null) return encoder;
        }
        throw new UserInputException(
            $"model '{model}' is not recognised; pass a trained cell folder or checkpoint, or builtin:bow-hash[:dimension] for the model-free baseline");
    }
}
