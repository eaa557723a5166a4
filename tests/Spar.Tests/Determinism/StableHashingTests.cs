using Spar.Determinism;

namespace Spar.Tests.Determinism;

/// <summary>The shared hash primitives against published reference values: sampling, splits and shards depend on them.</summary>
public sealed class StableHashingTests
{
    [Theory]
    [InlineData("", 0xcbf29ce484222325UL)]
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void Fnv1a64_matches_the_published_test_vectors(string text, ulong expected) =>
        Assert.Equal(expected, Fnv1a64.Of(text));

    [Fact]
    public void SplitMix64_from_state_zero_gives_the_reference_sequence()
    {
        // Vigna's splitmix64.c seeded with 0.
        ulong[] expected = [0xe220a8397b1dcdafUL, 0x6e789e6aa1b965f4UL, 0x06c45d188009454fUL];
        ulong state = 0;
        foreach (var value in expected)
        {
            Assert.Equal(value, SplitMix64.Next(state));
            state += SplitMix64.Gamma;
        }
    }
}
