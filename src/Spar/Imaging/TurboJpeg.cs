using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Spar.Imaging;

/// <summary>
/// The system's libjpeg-turbo through its TurboJPEG API (Debian: <c>libturbojpeg0</c>), loaded at run time when it is
/// installed. It is the codec PIL uses, so decoded pixels are the ones the official Python path draws on, and it is
/// faster than ImageSharp here (1296×968: decode 3.0 vs 4.4 ms, q75 encode 1.9 vs 3.7 ms; bench/README.md, drawing).
/// Everything works without it (<see cref="ImageCodec"/> falls back to ImageSharp); <c>SPAR_JPEG=imagesharp</c> turns it
/// off, <c>SPAR_JPEG=turbo</c> makes its absence an error.
/// </summary>
public static unsafe class TurboJpeg
{
    const int PixelFormatRgba = 7;   // TJPF_RGBA: R, G, B, A bytes; decode writes A = 255, encode ignores it
    const int Subsampling420 = 2;    // TJSAMP_420, PIL's default for JPEG output
    const int FlagAccurateDct = 4096; // TJFLAG_ACCURATEDCT: the integer "islow" IDCT/FDCT, libjpeg's and PIL's default

    /// <summary>SPAR_JPEG, read once: it chooses the codec for the whole process (and is checked on every decode).</summary>
    static readonly string? Choice = Environment.GetEnvironmentVariable("SPAR_JPEG")?.Trim().ToLowerInvariant();

    static readonly Api? Functions = Load();

    /// <summary>True when libturbojpeg was found and the environment does not turn it off.</summary>
    public static bool IsAvailable => Functions is not null;

    /// <summary>Why it is not used, for <c>spar</c>'s messages; null when it is.</summary>
    public static string? UnavailableReason { get; private set; }

    /// <summary><c>SPAR_JPEG=turbo</c>: the user wants libjpeg-turbo's pixels and no silent fallback.</summary>
    public static bool IsRequired => Choice == "turbo";

    sealed class Api
    {
        public required delegate* unmanaged<nint> InitDecompress;
        public required delegate* unmanaged<nint> InitCompress;
        // `unsigned long` sizes are CULong: 64-bit on Linux and macOS, 32-bit on Windows.
        public required delegate* unmanaged<nint, byte*, CULong, int*, int*, int*, int*, int> DecompressHeader3;
        public required delegate* unmanaged<nint, byte*, CULong, byte*, int, int, int, int, int, int> Decompress2;
        public required delegate* unmanaged<nint, byte*, int, int, int, int, byte**, CULong*, int, int, int, int> Compress2;
        public required delegate* unmanaged<byte*, void> Free;
        public required delegate* unmanaged<nint, byte*> GetErrorStr2;
        public required delegate* unmanaged<nint, int> GetErrorCode;
        public required delegate* unmanaged<nint, int> Destroy;
        public readonly ConcurrentBag<nint> Decompressors = new();
        public readonly ConcurrentBag<nint> Compressors = new();
    }

    static Api? Load()
    {
        if (Choice == "imagesharp")
        {
            UnavailableReason = "turned off by SPAR_JPEG=imagesharp";
            return null;
        }
        nint lib = 0;
        // Linux sonames, then macOS (Homebrew's jpeg-turbo keg is not on dyld's default path: Apple silicon, then Intel),
        // then the bare name (turbojpeg.dll on Windows, and whatever the platform's own search finds).
        foreach (var name in new[] { "libturbojpeg.so.0", "libturbojpeg.so", "libturbojpeg.0.dylib",
                     "/opt/homebrew/opt/jpeg-turbo/lib/libturbojpeg.0.dylib", "/usr/local/opt/jpeg-turbo/lib/libturbojpeg.0.dylib",
                     "turbojpeg" })
            if (NativeLibrary.TryLoad(name, out lib)) break;
        if (lib == 0)
        {
            UnavailableReason = "libturbojpeg not found; apt-get install libturbojpeg0 gives PIL-exact, faster JPEG";
            return null;
        }
        string[] symbols = ["tjInitDecompress", "tjInitCompress", "tjDecompressHeader3", "tjDecompress2", "tjCompress2", "tjFree", "tjGetErrorStr2", "tjGetErrorCode", "tjDestroy"];
        var missing = symbols.Where(s => !NativeLibrary.TryGetExport(lib, s, out _)).ToList();
        if (missing.Count > 0)
        {
            // tjGetErrorStr2 arrived in libjpeg-turbo 2.0; an older library is ignored rather than half used.
            UnavailableReason = $"libturbojpeg lacks {string.Join(", ", missing)} (libjpeg-turbo 2.0 or newer is needed)";
            return null;
        }
        nint F(string symbol) => NativeLibrary.GetExport(lib, symbol);
        return new Api
        {
            InitDecompress = (delegate* unmanaged<nint>)F("tjInitDecompress"),
            InitCompress = (delegate* unmanaged<nint>)F("tjInitCompress"),
            DecompressHeader3 = (delegate* unmanaged<nint, byte*, CULong, int*, int*, int*, int*, int>)F("tjDecompressHeader3"),
            Decompress2 = (delegate* unmanaged<nint, byte*, CULong, byte*, int, int, int, int, int, int>)F("tjDecompress2"),
            Compress2 = (delegate* unmanaged<nint, byte*, int, int, int, int, byte**, CULong*, int, int, int, int>)F("tjCompress2"),
            Free = (delegate* unmanaged<byte*, void>)F("tjFree"),
            GetErrorStr2 = (delegate* unmanaged<nint, byte*>)F("tjGetErrorStr2"),
            GetErrorCode = (delegate* unmanaged<nint, int>)F("tjGetErrorCode"),
            Destroy = (delegate* unmanaged<nint, int>)F("tjDestroy"),
        };
    }

    static Api Require() => Functions ?? throw new InvalidOperationException($"libjpeg-turbo is not in use: {UnavailableReason}");

    /// <summary>
    /// Decodes into RGBA like PIL's <c>Image.open(...).convert("RGB")</c> (fancy upsampling, integer IDCT), or returns
    /// false with libjpeg's message when libjpeg-turbo refuses the stream, so the caller can try another decoder and word
    /// the error itself. Warnings are PIL's business as usual (e.g. "extraneous bytes before marker": the picture is
    /// whole) and are accepted, except a premature end of the file, where PIL refuses the image as truncated. <paramref name="width"/> × <paramref name="height"/> is the size the
    /// caller's guard has accepted; a stream that libjpeg-turbo reads as another size is refused.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, int width, int height, out RgbaImage? image, out string? error)
    {
        var api = Require();
        image = null;
        if (!api.Decompressors.TryTake(out var handle)) handle = api.InitDecompress();
        if (handle == 0) { error = "tjInitDecompress failed"; return false; }
        // A handle that has seen an error keeps state from that stream (Huffman tables, decoder state) and has made
        // later valid files fail: only handles whose last use succeeded go back to the pool.
        bool reusable = false;
        try
        {
            fixed (byte* src = data)
            {
                int w, h, subsampling, colourspace;
                var length = new CULong((nuint)data.Length);
                if (api.DecompressHeader3(handle, src, length, &w, &h, &subsampling, &colourspace) != 0 && !IsHarmlessWarning(api, handle))
                {
                    error = Message(api, handle);
                    return false;
                }
                if (w != width || h != height)
                {
                    error = $"frame header says {width}x{height}, libjpeg-turbo reads {w}x{h}";
                    return false;
                }
                var decoded = RgbaImage.Rent(w, h);
                fixed (byte* dst = decoded.Pixels)
                    if (api.Decompress2(handle, src, length, dst, w, w * 4, h, PixelFormatRgba, FlagAccurateDct) != 0 && !IsHarmlessWarning(api, handle))
                    {
                        error = Message(api, handle);
                        decoded.Dispose();
                        return false;
                    }
                image = decoded;
                error = null;
                reusable = true;
                return true;
            }
        }
        finally
        {
            if (reusable) api.Decompressors.Add(handle);
            else api.Destroy(handle);
        }
    }

    /// <summary>Baseline JPEG, 4:2:0, libjpeg's standard tables scaled to <paramref name="quality"/>: what PIL's <c>save(..., quality=q)</c> writes.</summary>
    public static void Encode(RgbaImage img, Stream output, int quality)
    {
        var api = Require();
        if (!api.Compressors.TryTake(out var handle)) handle = api.InitCompress();
        if (handle == 0) throw new InvalidOperationException("tjInitCompress failed");
        byte* jpeg = null;
        bool reusable = false;
        try
        {
            CULong size = default;
            fixed (byte* src = img.Pixels)
                if (api.Compress2(handle, src, img.Width, img.Width * 4, img.Height, PixelFormatRgba, &jpeg, &size, Subsampling420,
                        Math.Clamp(quality, 1, 100), FlagAccurateDct) != 0)
                    throw new InvalidOperationException($"libjpeg-turbo could not encode a {img.Width}x{img.Height} image: {Message(api, handle)}");
            reusable = true;
            output.Write(new ReadOnlySpan<byte>(jpeg, checked((int)size.Value)));
        }
        finally
        {
            if (jpeg != null) api.Free(jpeg);
            if (reusable) api.Compressors.Add(handle);
            else api.Destroy(handle);
        }
    }

    const int ErrorCodeWarning = 0; // TJERR_WARNING: libjpeg went on and the output is complete

    static bool IsHarmlessWarning(Api api, nint handle) =>
        api.GetErrorCode(handle) == ErrorCodeWarning && !Message(api, handle).StartsWith("Premature end", StringComparison.Ordinal);

    static string Message(Api api, nint handle) => Marshal.PtrToStringUTF8((nint)api.GetErrorStr2(handle)) ?? "unknown libjpeg-turbo error";
}
