#!/usr/bin/python3
"""Writes VLMEvalKit-shaped prediction files for spar's tests (tests/Spar.Tests/Bench/Fixtures/vlmevalkit/).

VLMEvalKit (vlmeval/inference.py) writes its predictions as the benchmark's DataFrame without the `image` column plus
a `prediction` column holding str() of each answer, through vlmeval.smp.dump in the PRED_FORMAT format:
  xlsx (default): DataFrame.to_excel(ExcelWriter(engine='xlsxwriter', engine_kwargs={'options': {'strings_to_formulas': False}}), index=False)
  tsv:            DataFrame.to_csv(sep='\t', index=False, encoding='utf-8', quoting=csv.QUOTE_ALL)
  csv:            DataFrame.to_csv(index=False, encoding='utf-8', quoting=csv.QUOTE_ALL)
  json:           json.dump(DataFrame.to_dict('records'), indent=4, ensure_ascii=False)  (NaN stays a bare NaN)
This script does the same with pandas and xlsxwriter (Debian: python3-pandas python3-xlsxwriter), on a small SparBench
TSV (one row per task, tiny base64 images) whose predictions are chosen to be hard to carry: leading spaces, line
breaks, tabs, quotes, commas, Unicode, a formula-looking answer, a number that must stay text ("1.50"), an empty answer.
expected.jsonl holds the same predictions written by the json module alone, to compare the readers against.
Usage: /usr/bin/python3 bench/scripts/make-vlmevalkit-prediction-fixtures.py OUT_DIR
"""
import base64
import csv
import json
import os
import sys

import pandas as pd

TASKS = [
    ("depth_prediction_oc", "1.5", " 1.5"),
    ("depth_prediction_oo", "0.4", "1.50"),
    ("distance_prediction_oc", "2.0", "about two meters"),
    ("distance_prediction_oo", "0.9", "0.9\n"),
    ("depth_prediction_oc_mv", "1.2", "1.5m (150cm)"),
    ("depth_prediction_oo_mv", "0.3", "=0.3"),
    ("distance_prediction_oc_mv", "3.1", "It is 3.1 m,\tI think"),
    ("distance_prediction_oo_mv", "1.1", "-1.1"),
    ("position_matching", "B", "B"),
    ("camera_motion_infer", "C", "The answer is C"),
    ("view_change_infer", "move_right:0.3,move_down:0,move_forward:1.2,rotate_left:15,rotate_down:5",
     "move_right:0.3,move_down:0,move_forward:1.2,rotate_left:30,rotate_down:5"),
    ("obj_spatial_relation_oo", "A", ""),
    ("obj_spatial_relation_oc_mv", "D", '"D"'),
    ("obj_spatial_relation_oo_mv", "A", "<answer>A</answer>"),
    ("spatial_imagination_oc", "B", "b"),
    ("spatial_imagination_oo", "C", "选项 C：左边"),
    ("spatial_imagination_oc_mv", "A", "A. left, above, closer"),
    ("spatial_imagination_oo_mv", "B", "Answer: B\r\nbecause 😀"),
    ("distance_infer_center_oo", "A", "(A)"),
    ("distance_infer_center_oo_mv", "C", "C\n\nC"),
]

JPEG = bytes([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46])


def main(out):
    os.makedirs(out, exist_ok=True)
    rows = []
    for i, (task, answer, prediction) in enumerate(TASKS):
        images = 2 if task.endswith("_mv") or task in ("position_matching", "camera_motion_infer", "view_change_infer") else 1
        b64 = [base64.b64encode(JPEG + bytes([i, k])).decode() for k in range(images)]
        rows.append(dict(index=i * 3 + 1, question=f"Q{i}: question about {task}?", answer=answer, task=task,
                         category=task.split("_")[0], image=b64[0] if images == 1 else str(b64), prediction=prediction))
    bench = pd.DataFrame(rows).drop(columns=["prediction"])
    bench.to_csv(os.path.join(out, "bench.tsv"), sep="\t", index=False)  # as the EASI TSVs are written

    # The predictions table: the benchmark without 'image', plus 'prediction'; one missing category gives pandas' NaN.
    data = pd.DataFrame(rows).drop(columns=["image"])
    data.loc[3, "category"] = float("nan")
    data["prediction"] = [str(x) for x in data["prediction"]]
    with pd.ExcelWriter(os.path.join(out, "pred.xlsx"), engine="xlsxwriter",
                        engine_kwargs={"options": {"strings_to_formulas": False}}) as writer:
        data.to_excel(writer, index=False)
    data.to_csv(os.path.join(out, "pred.tsv"), sep="\t", index=False, encoding="utf-8", quoting=csv.QUOTE_ALL)
    data.to_csv(os.path.join(out, "pred.csv"), index=False, encoding="utf-8", quoting=csv.QUOTE_ALL)
    with open(os.path.join(out, "pred.json"), "w") as f:
        json.dump(data.to_dict("records"), f, indent=4, ensure_ascii=False)
    with open(os.path.join(out, "expected.jsonl"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps({"id": r["index"], "task": r["task"], "prediction": r["prediction"]}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
