"""The seed's consumer, as the baseline of `make bench`: PySpark Structured Streaming
reads the pre-filled topic (readStream kafka -> from_json with the readings' schema ->
writeStream csv, local[2], trigger availableNow), with windows on as withWatermark +
window() aggregated per sensor. Prints one JSON line once the query has read everything."""
import argparse
import json

from pyspark.sql import SparkSession, functions as F
from pyspark.sql.types import DoubleType, IntegerType, StringType, StructField, StructType

SCHEMA = StructType([
    StructField("sensor_id", IntegerType()),
    StructField("temperature", DoubleType()),
    StructField("humidity", DoubleType()),
    StructField("timestamp", StringType()),
])


def main():
    parser = argparse.ArgumentParser()
    for name in ("brokers", "topic", "output", "checkpoint"):
        parser.add_argument(f"--{name}", required=True)
    parser.add_argument("--windows", choices=("on", "off"), default="off")
    args = parser.parse_args()

    # Two shuffle partitions for local[2]: Spark's default of 200 would only make the windowed job slower.
    spark = (SparkSession.builder.master("local[2]").appName("iot-bench-pyspark")
             .config("spark.sql.shuffle.partitions", "2").config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false").getOrCreate())
    spark.sparkContext.setLogLevel("WARN")
    raw = (spark.readStream.format("kafka").option("kafka.bootstrap.servers", args.brokers)
           .option("subscribe", args.topic).option("startingOffsets", "earliest").load())
    readings = (raw.select(F.from_json(F.col("value").cast("string"), SCHEMA).alias("r")).select("r.*")
                .withColumn("event_time", F.to_timestamp("timestamp", "yyyy-MM-dd HH:mm:ss")))
    if args.windows == "on":
        windows = (readings.withWatermark("event_time", "30 seconds")
                   .groupBy(F.window("event_time", "1 minute"), "sensor_id")
                   .agg(F.count("*").alias("readings"),
                        F.min("temperature").alias("temperature_min"), F.max("temperature").alias("temperature_max"),
                        F.avg("temperature").alias("temperature_avg"),
                        F.min("humidity").alias("humidity_min"), F.max("humidity").alias("humidity_max"),
                        F.avg("humidity").alias("humidity_avg"),
                        F.min("event_time").alias("first_event"), F.max("event_time").alias("last_event")))
        out = windows.select(F.col("window.start").alias("window_start"), F.col("window.end").alias("window_end"), "*").drop("window")
    else:
        out = readings.select("sensor_id", "temperature", "humidity", "timestamp")
    query = (out.writeStream.format("csv").option("header", "true").option("path", args.output)
             .option("checkpointLocation", args.checkpoint).outputMode("append").trigger(availableNow=True).start())
    query.awaitTermination()
    progress = query.recentProgress
    print(json.dumps({
        "pyspark_done": True,
        "rows": sum(p["numInputRows"] for p in progress),
        "batches": len(progress),
        "batch_seconds": sum(p["durationMs"].get("triggerExecution", 0) for p in progress) / 1000,
    }), flush=True)
    spark.stop()


if __name__ == "__main__":
    main()
