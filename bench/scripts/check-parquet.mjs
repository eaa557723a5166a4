// Reads a spar-written SPAR-Bench parquet with an independent reader (hyparquet, pure JavaScript) and prints its
// schema and two rows. Usage: (cd bench/scripts && npm install hyparquet@1.31.5) && node bench/scripts/check-parquet.mjs FILE
import { asyncBufferFromFile, parquetReadObjects, parquetMetadataAsync, parquetSchema } from 'hyparquet'
const file = await asyncBufferFromFile(process.argv[2])
const meta = await parquetMetadataAsync(file)
console.log(JSON.stringify(meta.schema.map(s => [s.name, s.repetition_type, s.converted_type, s.logical_type?.type, s.type])))
console.log('kv', meta.key_value_metadata?.map(k => k.key))
const rows = await parquetReadObjects({ file })
console.log(rows.length, JSON.stringify(Object.keys(rows[0])))
for (const r of rows.slice(0, 2)) console.log(r.id, r.task, r.format_type, r.img_type, r.source, r.answer, r.image.map(i => [i.path, typeof i.bytes === 'string' ? i.bytes.length : i.bytes.length]))
// RGBD benchmarks (spar bench build --rgbd, SPAR-Bench-RGBD): per row, one H×W depth map and three 16-value matrices
// per image. Prints each shape and one value of each, to compare against the scene files.
if ('depth' in rows[0]) {
  for (const r of rows.slice(0, 2)) {
    const shape = (a) => Array.isArray(a) ? [a.length, ...shape(a[0])] : []
    console.log(r.id, 'depth', JSON.stringify(r.depth.map(shape)), 'pose', JSON.stringify(r.pose.map(shape)),
      'intrinsic_color', JSON.stringify(r.intrinsic_color.map(shape)), 'intrinsic_depth', JSON.stringify(r.intrinsic_depth.map(shape)))
    console.log(r.id, 'pose[0]', JSON.stringify(r.pose[0]), 'depth[0][100][200]', r.depth[0][100]?.[200], 'intrinsic_depth[0][0]', r.intrinsic_depth[0][0])
  }
}
