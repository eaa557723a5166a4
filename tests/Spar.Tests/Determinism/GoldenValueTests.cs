using System.Text;
using Spar.Determinism;

namespace Spar.Tests.Determinism;

/// <summary>
/// Values of every stable hash and counter-based stream, computed from the code as it was before the determinism
/// room (src/Spar/Determinism) merged
/// the four families (Tasks/Rng.cs, Scenes/Synthetic/SynthRandom.cs, Bench/Run/StableRandom.cs, Bench/Build/StableHash.cs;
/// issue 14). They decide samples, splits, shards, synthetic scenes and baselines: any change here changes users' outputs.
/// </summary>
public sealed class GoldenValueTests
{
    [Fact]
    public void Generation_hash_keys_splits_shards_and_frame_pools()
    {
        Assert.Equal(0xF52A15E9A9B5E89BUL, StableHash.Of(""));
        Assert.Equal(0x700DA0612E64F25DUL, StableHash.Of("scene0000_00"));
        Assert.Equal(0x3FF6F3242F9552FBUL, StableHash.Of("a", "b", "c"));
        Assert.Equal(0xB11FF1D4667D300BUL, StableHash.Of("3", "scene0001_00", "obj_count", "fill"));
        Assert.Equal(0x5692161D100B05E5UL, StableHash.Mix(1));
        Assert.Equal(0.2498619044632353, StableHash.Unit(StableHash.Of("a", "b", "c")));
    }

    [Fact]
    public void Record_streams_draw_the_pinned_sequence()
    {
        var r = Rng.ForRecords(3, "scene0001_00", "obj_count", "fill");
        Assert.Equal([0x0685F593B7E1D729UL, 0x9BC1ADF916338780UL, 0xA311CC3BC39FD41FUL], new[] { r.NextU64(), r.NextU64(), r.NextU64() });
        Assert.Equal(3, r.Next(7));
        Assert.Equal(0.774769936249603, r.NextDouble());
        Assert.False(r.Coin());
        Assert.Equal(4.455080194063498, r.Uniform(2, 5));
        Assert.Equal("a", r.Pick(["a", "b", "c", "d", "e"]));
        Assert.Equal([8, 3, 6, 5], r.Sample(Enumerable.Range(0, 10).ToList(), 4));
        var raw = new Rng(42);
        Assert.Equal([0xBDD732262FEB6E95UL, 0x28EFE333B266F103UL], new[] { raw.NextU64(), raw.NextU64() });
    }

    [Fact]
    public void World_streams_and_their_forks_draw_the_pinned_sequence()
    {
        var s = Rng.ForWorld(7, "scene", 3);
        Assert.Equal([0xD7C31B0CCEF47824UL, 0x81C17C69F70FAF01UL, 0x4D213AA76B3F2249UL], new[] { s.NextU64(), s.NextU64(), s.NextU64() });
        Assert.Equal(0x17D824468CEC006AUL, s.Fork("room").NextU64());
        Assert.Equal(0xB5A051D09A52FB0BUL, s.Fork("obj", 2).NextU64());
        Assert.Equal(4, s.Int(2, 9));
        Assert.Equal(4, s.Int(4, 4)); // an empty range draws nothing
        Assert.Equal(2.3080575790147604, s.Uniform(1, 3));
        Assert.False(s.Chance(0.3));
        Assert.Equal(-0.8423122938291898, s.Gaussian());
        Assert.Equal(0.3975159022509447, s.NextDouble());
        Assert.Equal("e", s.Pick(["a", "b", "c", "d", "e"]));
        Assert.Equal(0x2FCC170BA1DA8063UL, Rng.Whitened(5).NextU64());
        Assert.Equal(0xE71FA2190541574BUL, Fnv1a64.Of("abc"));
    }

    [Fact]
    public void Bench_baseline_draws_and_build_sampling_hash()
    {
        Assert.Equal(0x63033B0CA389C35AUL, SplitMix64.Next(5));
        Assert.Equal(0xD0734750FDE362B3UL, StableHash.OfTriple(1, 2, 3));
        Assert.Equal(0xE68E6FC01DF08360UL, StableHash.OfTriple(1, 2));
        Assert.Equal(0.814259011529328, StableHash.UnitOf(1, 2, 3));
        Assert.Equal(8, StableHash.Below(10, 1, 2, 3));
        Assert.Equal(0x037748ECFDFFB002UL, StableHash.OfSample(1, "obj_count", Encoding.UTF8.GetBytes("hello")));
        Assert.Equal(0xB598CE019F4609E8UL, StableHash.OfSample(0, "", []));
    }
}
