"""Baseline for bench/etl.ts: the original pipeline's ETL (pandas read_csv, the same checks,
to_sql with SQLAlchemy + psycopg2, method="multi") into the same PostgreSQL table.
Prints one JSON line: {"rows": N, "seconds": S}."""
import json
import sys
import time

import pandas as pd
from sqlalchemy import create_engine


def main(csv_path: str, url: str, source_file: str) -> None:
    start = time.perf_counter()
    frame = pd.read_csv(csv_path)
    checks = (
        frame.notna().all(axis=1)
        & (frame["sensor_id"] >= 1)
        & frame["temperature"].between(-40, 85)
        & frame["humidity"].between(0, 100)
        & pd.to_datetime(frame["timestamp"], format="%Y-%m-%d %H:%M:%S", errors="coerce").notna()
    )
    if not checks.all():
        raise SystemExit(f"{(~checks).sum()} invalid rows")
    frame["source_file"] = source_file
    engine = create_engine(url.replace("postgres://", "postgresql+psycopg2://", 1))
    with engine.begin() as connection:
        frame.to_sql("sensor_data", connection, if_exists="append", index=False, method="multi", chunksize=1000)
    print(json.dumps({"rows": len(frame), "seconds": time.perf_counter() - start}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
