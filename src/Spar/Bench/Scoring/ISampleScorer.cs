namespace Spar.Bench.Scoring;

/// <summary>Scores one model answer against its gold answer, for a SPAR-Bench task.</summary>
public interface ISampleScorer
{
    /// <summary><c>official</c> or <c>strict</c>.</summary>
    string Name { get; }

    /// <summary>The per-sample metric value (accuracy, MRA or VCI) for the raw, unstripped model output.</summary>
    /// <exception cref="Spar.Util.SparException">The task is not one of the 20.</exception>
    double Score(string task, string rawPrediction, string gold);
}
