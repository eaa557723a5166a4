// Writes the two real SPAR-7M records of shared/real/spar7m in the Hub parquet's column layout (sources.md §1.2: id,
// qa_type, qa_format, question, answer, image, split, the marker lists) with DuckDB's writer (C++, independent of
// Parquet.Net): image paths carry the spar/<source>/images/ prefix third-party code sees, markers are BIGINT[][],
// absent markers NULL, one row per row group. Usage:
//   (cd bench/scripts && npm install @duckdb/node-api@1.5.6-r.1) && node bench/scripts/make-hub-parquet-fixture.mjs SHARED_REAL_SPAR7M OUT.parquet
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
const [root, out] = process.argv.slice(2);
const files = [
  ['scannet/qa_jsonl/train/depth_prediction_oc/sentence/sentence_1.jsonl', 'sentence'],
  ['scannet/qa_jsonl/train/depth_prediction_oo_mv/fill/fill_1.jsonl', 'fill'],
];
const markers = ['red_point', 'blue_point', 'green_point', 'red_bbox', 'blue_bbox', 'green_bbox', 'yellow_bbox', 'point_img_idx', 'bbox_img_idx'];
const str = s => `'${s.replaceAll("'", "''")}'`;
const list = (v, inner) => v == null ? 'NULL' : `[${v.map(inner).join(', ')}]`;
const rows = [];
for (const [path, format] of files)
  for (const line of readFileSync(`${root}/spar/${path}`, 'utf8').split('\n').filter(l => l.trim())) {
    const r = JSON.parse(line);
    rows.push(`(${[str(r.id), str(r.type), str(format), str(r.conversations[0].value), str(r.conversations[1].value),
      list(r.image, p => str(`spar/scannet/images/${p}`)), list(r.depth, p => str(`spar/scannet/images/${p}`)), `'train'`,
      ...markers.map(m => r[m] == null ? 'NULL::BIGINT[][]' : `${list(r[m], inner => list(inner, String))}::BIGINT[][]`)].join(', ')})`);
  }
const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
await con.run(`CREATE TABLE hub AS SELECT * FROM (VALUES ${rows.join(',\n')}) AS t(id, qa_type, qa_format, question, answer, image, depth, split, ${markers.join(', ')})`);
await con.run(`COPY hub TO '${out}' (FORMAT parquet, ROW_GROUP_SIZE 1)`);
const r = await con.runAndReadAll(`SELECT name, repetition_type, converted_type FROM parquet_schema('${out}')`);
console.log(r.getRowObjects().map(o => `${o.name} ${o.repetition_type} ${o.converted_type ?? ''}`).join('\n'));
