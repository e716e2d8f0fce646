namespace Ablation.Models.Tests;

public class InstructionTemplatesTests
{
    [Fact]
    public void PaperAConcatenatesOnQueriesOnly()
    {
        var t = InstructionTemplates.PaperA("Retrieve semantically similar text.");
        Assert.Equal("Retrieve semantically similar text.hello", t.Apply("hello", TextKind.Query));
        Assert.Equal("hello", t.Apply("hello", TextKind.Document));
        Assert.Equal(("Retrieve semantically similar text.hello", "Retrieve semantically similar text."), t.Split("hello", TextKind.Query));
    }

    [Fact]
    public void PaperBUsesTheLlama3UserTurn()
    {
        var t = InstructionTemplates.PaperB("Given a web search query, retrieve relevant passages");
        var (full, prefix) = t.Split("what is rope", TextKind.Query);
        Assert.Equal("<|start_header_id|>user<|end_header_id|>\n\nGiven a web search query, retrieve relevant passages; what is rope<|eot_id|>", full);
        Assert.Equal("<|start_header_id|>user<|end_header_id|>\n\nGiven a web search query, retrieve relevant passages; ", prefix);
        Assert.Equal("<|start_header_id|>user<|end_header_id|>\n\ndoc<|eot_id|>", t.Apply("doc", TextKind.Document));
    }
}
