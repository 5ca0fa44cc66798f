#!/usr/bin/python3
# rows_of.py FIELD: the rows of a list reply (JSON on stdin) under FIELD, one
# per line in canonical form, so two ways of reading a list can be compared.
import json
import sys

text = sys.stdin.read()
# the reply, without what the client said on stderr after it
reply, _ = json.JSONDecoder().raw_decode(text[text.index("{"):])
for row in reply.get(sys.argv[1], []):
    print(json.dumps(row, sort_keys=True, ensure_ascii=False))
