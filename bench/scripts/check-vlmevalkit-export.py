#!/usr/bin/python3
"""Reads a `spar bench export --to vlmevalkit` TSV the way VLMEvalKit's ImageBaseDataset does and compares it with the
spar folder benchmark it was exported from, field by field.

ImageBaseDataset.__init__: load() = pd.read_csv(path, sep='\t'); index as str; image cells through toliststr (eval of a
list literal; ast.literal_eval here), one element unwrapped; dump_image base64-decodes each. SparBench.build_prompt
reads question and task, evaluate reads answer and task. Needs pandas (Debian: python3-pandas).
Usage: /usr/bin/python3 bench/scripts/check-vlmevalkit-export.py EXPORT.tsv FOLDER_BENCH
"""
import ast
import base64
import json
import os
import sys

import pandas as pd


def toliststr(s):
    if isinstance(s, str) and len(s) > 1 and s[0] == '[' and s[-1] == ']':
        return [str(x) for x in ast.literal_eval(s)]
    return [s]


def main(tsv, folder):
    data = pd.read_csv(tsv, sep='\t')
    rows = [json.loads(line) for line in open(os.path.join(folder, 'bench.jsonl'), encoding='utf-8') if line.strip()]
    assert len(data) == len(rows), (len(data), len(rows))
    for (_, line), row in zip(data.iterrows(), rows):
        assert int(line['index']) == row['id'], (line['index'], row['id'])
        for column in ('question', 'answer', 'task'):
            assert str(line[column]) == row[column], (row['id'], column, line[column], row[column])
        images = toliststr(str(line['image']))
        assert len(images) == len(row['image']), (row['id'], len(images))
        for b64, path in zip(images, row['image']):
            assert base64.b64decode(b64) == open(os.path.join(folder, path), 'rb').read(), (row['id'], path)
    print(f'{len(rows)} rows: index, question, answer, task and every image equal (pandas {pd.__version__})')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
