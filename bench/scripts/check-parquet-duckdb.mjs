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
