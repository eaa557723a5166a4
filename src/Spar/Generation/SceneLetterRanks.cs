using System.Globalization;
using Spar.Determinism;

namespace Spar.Generation;

/// <summary>
/// Select letters of the streams that ask one question per scene (<see cref="Tasks.TaskGenerator.OnePerScene"/>,
/// issue 16). Such a stream's per-stream letter offset is one random draw per scene, so over 8 scenes one letter took
/// 50 % (room_size / select). Instead the scene's rank among all scenes of the run decides: letter =
/// (rank + stream constant) mod options, so the letters cycle over the scenes. The rank is taken over the whole
/// discovered list, which every shard of a run sees (<see cref="ShardSpec.Select"/>, merge checks the roster), so a
/// shard writes the same letters as the unsharded run; it does not depend on threads either.
/// </summary>
public static class SceneLetterRanks
{
    /// <summary>
    /// Every distinct scene id's rank: the train scenes first, then val (by <paramref name="splitOf"/>), each in the
    /// shard ranking's order (<see cref="ShardSpec.Ranked"/>). Each split is thus one run of consecutive ranks, so the
    /// letters are balanced within each split (±1 per letter) as well as over the run.
    /// </summary>
    public static Dictionary<string, int> Of(IEnumerable<string> sceneIds, Func<string, string> splitOf)
    {
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in ShardSpec.Ranked(sceneIds).OrderBy(splitOf, StringComparer.Ordinal)) // OrderBy is stable
            ranks[id] = ranks.Count;
        return ranks;
    }

    /// <summary>
    /// The letter offset of a one-per-scene stream in the scene of rank <paramref name="rank"/>: the rank plus a
    /// constant in [0, 12) per (seed, type, format), so different streams do not all start on A (12: a multiple of 2,
    /// 3 and 4, as for the per-stream draw in <see cref="Tasks.StreamContext"/>).
    /// </summary>
    public static int Offset(int rank, long seed, string type, string format) =>
        (int)(StableHash.Of("letters", seed.ToString(CultureInfo.InvariantCulture), type, format) % 12) + rank;
}
