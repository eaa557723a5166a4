// Writes a SPAR-Bench-schema parquet with DuckDB's writer (C++, independent of Parquet.Net): 5 rows, 1–3 images each,
// one null image path, row groups of 2 rows, snappy + dictionary-encoded strings. Usage: (cd bench/scripts && npm install @duckdb/node-api@1.5.6-r.1) && node bench/scripts/make-duckdb-fixture.mjs OUT.parquet
import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
await con.run(`CREATE TABLE bench AS SELECT * FROM (VALUES
  (0::BIGINT, 'single_view', 'fill', 'depth_prediction_oc', 'scannet', [{'bytes': '\\x89PNG\\x00\\x01'::BLOB, 'path': 'a.png'}], 'How deep?', '1.6'),
  (1::BIGINT, 'multi_view', 'select', 'position_matching', 'scannetpp', [{'bytes': '\\xFF\\xD8\\xFF\\x01'::BLOB, 'path': NULL}, {'bytes': '\\xFF\\xD8\\xFF\\x02\\x02'::BLOB, 'path': 'b2.jpg'}], 'Which box?\nA. x\nB. y', 'B'),
  (2::BIGINT, 'multi_view', 'fill', 'view_change_infer', 'scannet', [{'bytes': '\\x01'::BLOB, 'path': 'c1'}, {'bytes': '\\x02\\x02'::BLOB, 'path': 'c2'}], 'How did the camera move?', 'move_left:1.42,rotate_right:30'),
  (3::BIGINT, 'multi_view', 'select', 'spatial_imagination_oo_mv', 'structured3d', [{'bytes': '\\x03'::BLOB, 'path': 'd1'}, {'bytes': '\\x04'::BLOB, 'path': 'd2'}, {'bytes': '\\x05\\x05\\x05'::BLOB, 'path': 'd3'}], 'Imagine…', 'C'),
  (4::BIGINT, 'single_view', 'select', 'obj_spatial_relation_oo', 'scannet', [{'bytes': '\\x06'::BLOB, 'path': 'e.jpg'}], 'Relation?', 'A')
) AS t(id, img_type, format_type, task, source, image, question, answer)`);
await con.run(`COPY bench TO '${process.argv[2]}' (FORMAT parquet, ROW_GROUP_SIZE 2)`);
const r = await con.runAndReadAll(`SELECT * FROM parquet_schema('${process.argv[2]}')`);
console.log(r.getRowObjects().map(o => `${o.name} ${o.repetition_type} ${o.converted_type ?? ''}`).join('\n'));
