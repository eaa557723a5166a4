// Reads a parquet with DuckDB (C++ reader) and prints its schema and first rows.
// Usage: (cd bench/scripts && npm install @duckdb/node-api@1.5.6-r.1) && node bench/scripts/check-parquet-duckdb.mjs FILE
import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
const f = process.argv[2];
let r = await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${f}')`);
console.log(r.getRowObjects().map(o => `${o.column_name}: ${o.column_type}`).join('\n'));
r = await con.runAndReadAll(`SELECT id, task, len(image) AS n, octet_length(image[1].bytes) AS b0, image[1].path AS p0, answer FROM read_parquet('${f}') ORDER BY id LIMIT 4`);
console.log(JSON.stringify(r.getRowObjectsJson()));
r = await con.runAndReadAll(`SELECT count(*) AS rows, sum(len(image)) AS images FROM read_parquet('${f}')`);
console.log(JSON.stringify(r.getRowObjectsJson()));
// RGBD benchmarks (spar bench build --rgbd, SPAR-Bench-RGBD): per image, depth H×W and 16 values per matrix.
const cols = (await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${f}')`)).getRowObjects().map(o => o.column_name);
if (cols.includes('depth')) {
  r = await con.runAndReadAll(`SELECT id, len(depth) AS maps, len(depth[1]) AS h, len(depth[1][1]) AS w, len(pose[1]) AS pose_n,
    len(intrinsic_color[1]) AS kc_n, len(intrinsic_depth[1]) AS kd_n, pose[1][4] AS tx, depth[1][101][201] AS d FROM read_parquet('${f}') ORDER BY id LIMIT 4`);
  console.log(JSON.stringify(r.getRowObjectsJson()));
}
