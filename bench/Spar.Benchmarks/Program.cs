using BenchmarkDotNet.Running;
using Spar.Benchmarks.Dataset;
using Spar.Benchmarks.Scenes;

// `maketree DIR RECORDS` writes the SPAR-7M-shaped tree used by bench/scripts/dataset-e2e.sh; anything else runs BenchmarkDotNet.
if (args is ["maketree", var dir, var records])
{
    SyntheticTree.Write(dir, long.Parse(records, System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}
// `makescan SCANS_DIR SCENE FRAMES [small|scannet]` writes the ScanNet-format scan used by bench/scripts/scannet-e2e.sh.
if (args is ["makescan", var scans, var scene, var frames, .. var res] && res.Length <= 1)
{
    var camera = res is ["scannet"] ? SyntheticScanNetScan.ScanNet : SyntheticScanNetScan.Small;
    SyntheticScanNetScan.Write(scans, scene, int.Parse(frames, System.Globalization.CultureInfo.InvariantCulture), camera);
    return 0;
}
// `jpegdiff DIR FILES...` compares spar's JPEG decode with Skia's (libjpeg-turbo) on the given files plus generated samples.
if (args is ["jpegdiff", var sampleDir, ..])
{
    Spar.Benchmarks.Drawing.JpegDecodeDiff.Run(Spar.Benchmarks.Drawing.JpegDecodeDiff.WriteSamples(sampleDir).ToList().Concat(args[2..]));
    return 0;
}
// `drawsamples DIR` writes the drawbench inputs as files, for the Python baseline (bench/scripts/python-draw-baseline.py).
if (args is ["drawsamples", var samplesDir])
{
    Directory.CreateDirectory(samplesDir);
    for (int i = 0; i < 8; i++) File.WriteAllBytes(Path.Combine(samplesDir, $"sample_{i}.jpg"), Spar.Benchmarks.Drawing.SampleImages.Jpeg(i));
    return 0;
}
// `drawbench IMAGES THREADS draw|burn|jpeg75|imagesharp-jpeg75|skia-jpeg|skia-png` times decode + draw + encode of 1296×968 samples (bench/scripts/draw-throughput.sh).
if (args is ["drawbench", var n, var threads, var encoder])
{
    Spar.Benchmarks.Drawing.DrawThroughput.Run(int.Parse(n, System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(threads, System.Globalization.CultureInfo.InvariantCulture), encoder);
    return 0;
}
// `makescan-rendered SCANS_DIR SCENE SEED FRAMES` writes a rendered synthetic scene in ScanNet formats.
if (args is ["makescan-rendered", var rscans, var rscene, var rseed, var rframes])
{
    SyntheticScanNetScan.WriteRendered(rscans, rscene, long.Parse(rseed, System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(rframes, System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}
// `makesynth DIR SEED SCENES FRAMES` renders synthetic scenes (640x480) for bench/scripts/generator-e2e.sh.
if (args is ["makesynth", var synthDir, var seed, var count, var synthFrames])
{
    var inv = System.Globalization.CultureInfo.InvariantCulture;
    Spar.Scenes.Synthetic.SyntheticDataset.Write(synthDir, long.Parse(seed, inv), int.Parse(count, inv),
        new Spar.Scenes.Synthetic.SynthOptions(Frames: int.Parse(synthFrames, inv), VideoFrames: 16, ExtraViews: 0), Environment.ProcessorCount);
    return 0;
}
// `maskbench FRAMES [MESH.ply]` times the mesh mask renderer at 1296×968 (bench/scripts/mask-render.sh).
if (args is ["maskbench", var maskFrames, .. var mesh] && mesh.Length <= 1)
{
    MaskRenderThroughput.Run(mesh.Length == 1 ? mesh[0] : null, int.Parse(maskFrames, System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}
// `makescan-mesh SCENE_FOLDER FRAMES` adds a .sens rendered from the folder's own mesh (e.g. the real scene0000_00 sample).
if (args is ["makescan-mesh", var meshScene, var meshFrames])
{
    MeshRenderedScan.Write(meshScene, int.Parse(meshFrames, System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}
// `masktolerance WORKDIR SCENES INFLATE_CM` measures markers off their object per depth-test tolerance (issue 26 point 3).
if (args is ["masktolerance", var tolWork, var tolScenes, var tolInflate])
{
    var inv = System.Globalization.CultureInfo.InvariantCulture;
    MaskToleranceStudy.Run(tolWork, int.Parse(tolScenes, inv), double.Parse(tolInflate, inv));
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(SyntheticTree).Assembly).Run(args);
return 0;
