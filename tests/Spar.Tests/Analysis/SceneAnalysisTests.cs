using Spar.Analysis;
using Spar.Catalog;
using Spar.Scenes.Synthetic;
using Spar.Tasks;
using Spar.Determinism;

namespace Spar.Tests.Analysis;

public sealed class SceneAnalysisTests
{
    [Fact]
    public void Pool_is_a_deterministic_subset_and_frames_are_analysed_once()
    {
        var rendered = SyntheticWorld.Generate(5, 0, new SynthOptions(Frames: 40, VideoFrames: 8, ExtraViews: 0, Width: 64, Height: 48)).Scene;
        var scene = rendered with { Frames = rendered.Frames.Select(f => f with { InstanceMaskPath = null, DepthPath = null }).ToList() };
        var counters = new AnalysisCounters();
        var a = new SceneAnalysis(scene, "/nonexistent", new FrameAnalyzer(AnalysisSettings.Default, counters), poolSize: 10);
        var b = new SceneAnalysis(scene, "/nonexistent", new FrameAnalyzer(AnalysisSettings.Default), poolSize: 10);
        Assert.Equal(10, a.Pool.Count);
        Assert.Equal(a.Pool, b.Pool);
        Assert.Equal(a.Pool.Distinct().Count(), a.Pool.Count);
        Assert.True(a.Pool[^1] - a.Pool[0] >= 15, "pool should spread over the walk");
        Assert.Equal(scene.Frames.Count, new SceneAnalysis(scene, "/x", new FrameAnalyzer(AnalysisSettings.Default)).Pool.Count);

        // Frames without masks or depth analyse to an empty result, still only once each.
        for (int k = 0; k < 3; k++) foreach (var i in a.Pool) Assert.NotNull(a.Frame(i).UnusableReason);
        Assert.Equal(10, a.Computed);
        Assert.Equal(10, counters.FramesAnalysed);
    }

    [Fact]
    public void Video_records_use_the_video_frame_paths_in_video_order()
    {
        var scene = SyntheticWorld.Generate(5, 0, new SynthOptions(Frames: 40, VideoFrames: 8, ExtraViews: 0, Width: 64, Height: 48)).Scene;
        var analysis = new SceneAnalysis(scene, "/nonexistent", new FrameAnalyzer(AnalysisSettings.Default));
        Assert.Equal(8, analysis.VideoPositions.Count);
        var ctx = new StreamContext(analysis, "obj_count", QaFormat.Fill, new Rng(1), TaskSettings.Default);
        var r = ctx.NewVideoRecord(analysis.VideoPositions.Select(i => scene.Frames[i]).ToList());
        Assert.Equal(8, r.Image.Count);
        for (int k = 0; k < 8; k++)
            Assert.Matches($@"/video_color/frame{k}_\d+\.jpg$", r.Image[k]);
    }
}
