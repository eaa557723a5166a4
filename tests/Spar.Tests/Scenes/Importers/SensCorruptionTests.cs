using CsCheck;
using Spar.Scenes.Importers.ScanNet;
using Spar.Util;
using static Spar.Tests.Scenes.Importers.SensFixtures;

namespace Spar.Tests.Scenes.Importers;

/// <summary>Damaged .sens files give a <see cref="SparException"/> or read through; never another exception.</summary>
public class SensCorruptionTests
{
    static byte[] ValidStream()
    {
        var h = Header();
        var ms = new MemoryStream();
        using (var w = new SensWriter(ms, h, ownsStream: false))
            for (int i = 0; i < 4; i++) w.WriteFrame(i == 2 ? NegInf : Translation(i, 0, 0), Color(i), Depth(h, i));
        return ms.ToArray();
    }

    /// <summary>Reads everything the way the importer does; returns normally or throws.</summary>
    static void ReadAll(byte[] bytes)
    {
        using var r = SensReader.Open(new MemoryStream(bytes), "damaged.sens");
        var depth = new ushort[r.Header.DepthWidth * r.Header.DepthHeight];
        while (r.MoveNext())
        {
            _ = r.Current.HasFinitePose;
            _ = r.ReadColorBytes();
            r.DecodeDepth(depth);
        }
    }

    static void OnlySparExceptions(byte[] bytes)
    {
        try { ReadAll(bytes); }
        catch (SparException e) { Assert.Contains("damaged.sens", e.Message); }
    }

    [Fact]
    public void Every_truncation_is_a_clear_error()
    {
        var valid = ValidStream();
        ReadAll(valid);
        int headerBytes = (int)SensHeader.SizeFor("StructureSensor");
        for (int length = 0; length < valid.Length - 8; length++) // the last 8 bytes are the IMU count, which is not read
        {
            var e = Assert.Throws<SparException>(() => ReadAll(valid[..length]));
            Assert.Contains(length < headerBytes ? "truncated header" : "truncated", e.Message);
        }
    }

    [Fact]
    public void Any_header_byte_set_to_0xFF_is_read_or_rejected_cleanly()
    {
        var valid = ValidStream();
        for (int at = 0; at < SensHeader.SizeFor("StructureSensor"); at++)
        {
            var bytes = (byte[])valid.Clone();
            bytes[at] = 0xFF;
            OnlySparExceptions(bytes);
        }
    }

    [Fact]
    public void Random_byte_damage_in_the_frames_is_read_or_rejected_cleanly()
    {
        var valid = ValidStream();
        int start = (int)SensHeader.SizeFor("StructureSensor");
        Gen.Select(Gen.Int[start, valid.Length - 1].Array[1, 6], Gen.Byte.Array[6]).Sample((offsets, values) =>
        {
            var bytes = (byte[])valid.Clone();
            for (int i = 0; i < offsets.Length; i++) bytes[offsets[i]] = values[i];
            OnlySparExceptions(bytes);
        }, iter: 2000);
    }
}
