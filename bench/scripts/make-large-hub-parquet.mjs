// Writes a large parquet in the SPAR-7M Hub column layout (sources.md §1.2) for the `spar import spar7m` throughput
// benchmark, with DuckDB's writer (C++, snappy, as pyarrow writes the Hub file by default): ROWS rows built from the
// two real records of shared/real/spar7m (their questions, answers, paths and markers), ids and numbers varied per row
// so that dictionary encoding does not make the file unrealistically small, spread over 12 types × 4 formats.
// VARIETY `templates` (the default) keeps the two real questions with a few varied numbers: 24:1 jsonl to parquet, because
// DuckDB dictionary-encodes the ~100 distinct questions. `varied` makes every row's text its own, as the released records'
// is (object names, numbers, scenes and frames differ from record to record): each question names objects of 40 ScanNet
// classes and 2-decimal numbers, over 1,500 scenes and 6,000 frames, so the text columns are stored PLAIN and only snappy
// compresses them.
// Usage: (cd DIR && npm install @duckdb/node-api@1.5.6-r.1) && node bench/scripts/make-large-hub-parquet.mjs OUT.parquet ROWS [ROW_GROUP_ROWS] [templates|varied]
import { DuckDBInstance } from '@duckdb/node-api';
const [out, rowsArg, groupArg, variety = 'templates'] = process.argv.slice(2);
if (!['templates', 'varied'].includes(variety)) throw new Error(`VARIETY is templates or varied, not ${variety}`);
const rows = Number(rowsArg ?? 1000000), group = Number(groupArg ?? 10000);
const types = ['depth_prediction_oc', 'depth_prediction_oo', 'distance_prediction_oc', 'distance_prediction_oo', 'obj_spatial_relation_oo',
  'obj_count', 'camera_motion_infer', 'depth_prediction_oo_mv', 'distance_infer_center_oo_mv', 'spatial_imagination_oc', 'nav', 'obj_frame_locate'];
const templateId = `'scene' || lpad(((i // 500) % 800)::VARCHAR, 4, '0') || '_0' || (i % 3)::VARCHAR || '_' || i::VARCHAR AS id,`;
const templateText = `    CASE WHEN i % 2 = 0
      THEN 'With the counter (red point) having a depth of ' || (1 + (i % 37) / 10.0)::VARCHAR || ' meters, determine the depth of towel (blue point) in the same frame.  Calculate or judge based on the 3D center points of these objects. The unit is meter.'
      ELSE E'<image>\\n<image>\\n<image>\\nAssume the depth of box (red point) is ' || (1 + (i % 29) / 10.0)::VARCHAR || '. How much deeper or shallower is chair (green point) relative to table (blue point), measured in meters? Calculate or judge based on the 3D center points of these objects. The depth is calculated based on the image where the markers corresponding to these objects are located. Provide a numeric response with just one value.'
    END AS question,
    CASE WHEN i % 2 = 0 THEN 'towel''s central depth is estimated to be about ' || (1 + (i % 23) / 10.0)::VARCHAR || ' meters.' ELSE (0.5 + (i % 19) / 10.0)::VARCHAR END AS answer,
    CASE WHEN i % 2 = 0
      THEN ['spar/scannet/images/scene0261_00/image_color/' || (i % 5000)::VARCHAR || '.jpg']
      ELSE ['spar/scannet/images/scene0012_01/image_color/' || (i % 4000)::VARCHAR || '.jpg', 'spar/scannet/images/scene0012_01/image_color/' || ((i + 7) % 4000)::VARCHAR || '.jpg', 'spar/scannet/images/scene0012_01/image_color/' || ((i + 13) % 4000)::VARCHAR || '.jpg']
    END AS image,
    CASE WHEN i % 2 = 0 THEN ['spar/scannet/images/scene0261_00/image_depth/' || (i % 5000)::VARCHAR || '.png'] ELSE NULL END AS depth,
`;
// o(k): the k-th object name of row i; n(k, m): a 2-decimal number below m/100 + 0.5; f(k): a frame of the row's scene.
const o = (k) => `obj[((hash(i * 7 + ${k}) % 40) + 1)::BIGINT]`;
const n = (k, m) => `round((hash(i * 7 + ${k}) % ${m}) / 100.0 + 0.5, 2)::VARCHAR`;
const f = (k, dir, ext) => `'spar/scannet/images/' || scene || '/${dir}/' || (hash(i * 7 + ${k}) % 6000)::VARCHAR || '.${ext}'`;
const variedId = `scene || '_' || i::VARCHAR AS id,`;
const variedText = `    CASE WHEN i % 2 = 0
      THEN 'With the ' || ${o(1)} || ' (red point) having a depth of ' || ${n(2, 900)} || ' meters, determine the depth of ' || ${o(3)} || ' (blue point) in the same frame.  Calculate or judge based on the 3D center points of these objects. The unit is meter.'
      ELSE E'<image>\\n<image>\\n<image>\\nAssume the depth of ' || ${o(1)} || ' (red point) is ' || ${n(2, 900)} || '. How much deeper or shallower is ' || ${o(3)} || ' (green point) relative to ' || ${o(4)} || ' (blue point), measured in meters? Calculate or judge based on the 3D center points of these objects. The depth is calculated based on the image where the markers corresponding to these objects are located. Provide a numeric response with just one value.'
    END AS question,
    CASE WHEN i % 2 = 0 THEN ${o(3)} || '''s central depth is estimated to be about ' || ${n(5, 900)} || ' meters.' ELSE ${n(5, 300)} END AS answer,
    CASE WHEN i % 2 = 0 THEN [${f(6, 'image_color', 'jpg')}] ELSE [${f(6, 'image_color', 'jpg')}, ${f(8, 'image_color', 'jpg')}, ${f(9, 'image_color', 'jpg')}] END AS image,
    CASE WHEN i % 2 = 0 THEN [${f(6, 'image_depth', 'png')}] ELSE NULL END AS depth,
`;
const variedFrom = `(SELECT i, 'scene' || lpad((hash(i * 7) % 1500)::VARCHAR, 4, '0') || '_0' || (hash(i * 7) % 3)::VARCHAR AS scene,
    ['chair', 'table', 'box', 'towel', 'counter', 'sofa', 'lamp', 'door', 'window', 'bed', 'pillow', 'cabinet', 'shelf', 'desk',
     'monitor', 'keyboard', 'sink', 'toilet', 'mirror', 'curtain', 'bag', 'backpack', 'book', 'bottle', 'cup', 'trash can', 'plant',
     'picture', 'radiator', 'refrigerator', 'microwave', 'stool', 'bench', 'oven', 'printer', 'whiteboard', 'dresser', 'nightstand',
     'suitcase', 'fan'] AS obj
    FROM range(${rows}) t(i))`;
const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
await con.run(`COPY (
  SELECT
    ${variety === 'varied' ? variedId : templateId}
    ['${types.join("','")}'][(i % ${types.length}) + 1] AS qa_type,
    ['fill', 'select', 'sentence', 'judge'][((i // ${types.length}) % 4) + 1] AS qa_format,
${variety === 'varied' ? variedText : templateText}    'train' AS split,
    [[(i * 7) % 1296, (i * 11) % 968]]::BIGINT[][] AS red_point,
    [[(i * 13) % 1296, (i * 17) % 968]]::BIGINT[][] AS blue_point,
    CASE WHEN i % 2 = 1 THEN [[(i * 19) % 1296, (i * 23) % 968]]::BIGINT[][] ELSE NULL END AS green_point,
    NULL::BIGINT[][] AS red_bbox, NULL::BIGINT[][] AS blue_bbox, NULL::BIGINT[][] AS green_bbox, NULL::BIGINT[][] AS yellow_bbox,
    CASE WHEN i % 2 = 1 THEN [[0, 2, 1]]::BIGINT[][] ELSE NULL END AS point_img_idx,
    NULL::BIGINT[][] AS bbox_img_idx
  FROM ${variety === 'varied' ? variedFrom : `range(${rows}) t(i)`}
) TO '${out}' (FORMAT parquet, ROW_GROUP_SIZE ${group})`);
const r = await con.runAndReadAll(`SELECT count(*)::BIGINT AS n, (SELECT count(DISTINCT row_group_id) FROM parquet_metadata('${out}'))::BIGINT AS groups FROM read_parquet('${out}')`);
console.log(JSON.stringify(r.getRowObjectsJson()[0]));
