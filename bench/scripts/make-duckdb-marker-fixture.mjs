// Writes tests/Spar.Tests/Dataset/Fixtures/duckdb_markers.parquet: marker columns as the Hub parquet holds them
// (BIGINT[][], DuckDB's writer, independent of Parquet.Net) in the layouts spar's own page reader must read like
// Parquet.Net: dictionary-encoded chunks (few distinct coordinates, as in the release: red_point with 8-bit indexes,
// point_img_idx with 2-bit ones), PLAIN ones (wide: many distinct values, negatives, the 64-bit extremes), NULL lists,
// empty lists and empty inner lists, over three row groups. Deterministic (arithmetic on the row number). Usage:
//   (cd bench/scripts && npm install @duckdb/node-api@1.5.6-r.1) && node bench/scripts/make-duckdb-marker-fixture.mjs OUT.parquet
import { DuckDBInstance } from '@duckdb/node-api';
const [out] = process.argv.slice(2);
const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
await con.run(`COPY (SELECT
    (CASE i % 4 WHEN 0 THEN NULL WHEN 1 THEN []
       WHEN 2 THEN [[(i * 7919) % 150 * 8, (i * 104729) % 110 * 8]]
       ELSE [[(i * 7919) % 150 * 8, (i * 104729) % 110 * 8], [(i * 31) % 150 * 8, (i * 37) % 110 * 8]] END)::BIGINT[][] AS red_point,
    (CASE WHEN i % 7 = 0 THEN NULL
       ELSE [[(i * 2654435761) % 2147483647 - 1073741824,
              CASE WHEN i % 97 = 0 THEN 9223372036854775807 WHEN i % 89 = 0 THEN -9223372036854775808 ELSE (i * 40503) % 2147483647 * 4096 END], []] END)::BIGINT[][] AS wide,
    (CASE WHEN i % 5 = 0 THEN NULL ELSE [[i % 4]] END)::BIGINT[][] AS point_img_idx
  FROM range(5000) t(i) ORDER BY i) TO '${out}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
const r = await con.runAndReadAll(`SELECT row_group_id, path_in_schema, encodings FROM parquet_metadata('${out}') ORDER BY ALL`);
console.log(r.getRows().map(o => o.join(' ')).join('\n'));
