"""The original pipeline's merge, for bench/merge.ts: read_csv each part, concat, sort, to_csv.

argv: OUTPUT_DIR RESULT_CSV. Prints one JSON line: rows, seconds, peakRssMb.
"""
import glob
import json
import os
import resource
import sys
import time

import pandas as pd

started = time.perf_counter()
parts = sorted(glob.glob(os.path.join(sys.argv[1], "part-*.csv")))
frame = pd.concat([pd.read_csv(part) for part in parts], ignore_index=True)
frame = frame.sort_values(["timestamp", "sensor_id"], kind="stable")
frame.to_csv(sys.argv[2], index=False)
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"rows": len(frame), "seconds": seconds, "peakRssMb": peak}))
