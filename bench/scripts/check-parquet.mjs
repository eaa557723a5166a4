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
