namespace Spar.Scenes.Importers.ScanNet;

/// <summary>
/// Which frames of a sequence become images. Pure functions of the frame count, the step and which frames
/// have a usable (finite) pose, so the same inputs always select the same frames.
/// </summary>
public static class FrameSelection
{
    /// <summary>Single-/multi-view frames: every <paramref name="step"/>-th frame index (0, step, 2·step…); those without a finite pose are skipped by the caller.</summary>
    public static bool IsStepFrame(long index, int step) => index % step == 0;

    /// <summary>
    /// Ranks (0-based, among the frames with a finite pose) of <paramref name="count"/> uniformly spaced video
    /// frames: rank_i = ⌊i · valid / count⌋, so the first is the first valid frame and the spacing is even.
    /// Fewer valid frames than asked gives every valid frame once.
    /// </summary>
    public static long[] VideoRanks(long validFrames, int count)
    {
        if (validFrames <= 0 || count <= 0) return [];
        if (validFrames <= count)
        {
            var all = new long[validFrames];
            for (long i = 0; i < validFrames; i++) all[i] = i;
            return all;
        }
        var ranks = new long[count];
        for (int i = 0; i < count; i++) ranks[i] = (long)((Int128)i * validFrames / count);
        return ranks;
    }
}
