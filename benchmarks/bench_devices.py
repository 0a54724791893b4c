"""Reading a 1,000,000-record Apple Health export.xml against a bare ElementTree.iterparse pass.

Targets: the reader within 3x of a bare ``iterparse`` pass that only clears each element, and
its peak memory (``ru_maxrss`` of a fresh process doing nothing but the read) under 150 MB.

And the whole command (issue 17): ``painlog import --from apple-health export.xml`` into a new
journal, in a fresh process each run, within 3x of the bare pass, its peak memory (the child's
``ru_maxrss``) under 150 MB.

Run:  python benchmarks/bench_devices.py [--runs 3] [--records 1000000]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import scratch_folder

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
]>
<HealthData locale="en_US">
 <ExportDate value="2026-11-30 10:00:00 -0500"/>
 <Me HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>
"""
DEVICE = "&lt;&lt;HKDevice: 0x283b1c0f0&gt;, name:{}, manufacturer:Apple Inc., model:{}&gt;"
STAGES = ("AsleepCore", "AsleepDeep", "AsleepCore", "AsleepREM", "Awake", "AsleepCore")


def write_export(path: Path, records: int) -> None:
    """Mostly step counts (phone and watch) and heart-rate samples, a night of sleep stages and
    a resting heart rate a day: about 300 records a day, as a watch wearer's export holds."""
    first = date(2016, 1, 1)
    phone = DEVICE.format("iPhone", "iPhone")
    watch = DEVICE.format("Apple Watch", "Watch")
    written = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        day = first
        while written < records:
            lines = []
            d = day.isoformat()
            for n, stage in enumerate(STAGES):
                start, end = f"{d} {n:02d}:00:00 -0500", f"{d} {n:02d}:55:00 -0500"
                lines.append(
                    f' <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Watch" '
                    f'sourceVersion="10.1" device="{watch}" creationDate="{end}" '
                    f'startDate="{start}" endDate="{end}" '
                    f'value="HKCategoryValueSleepAnalysis{stage}"/>\n'
                )
            lines.append(
                f' <Record type="HKQuantityTypeIdentifierRestingHeartRate" sourceName="Watch" '
                f'sourceVersion="10.1" device="{watch}" unit="count/min" '
                f'creationDate="{d} 20:00:00 -0500" startDate="{d} 07:00:00 -0500" '
                f'endDate="{d} 20:00:00 -0500" value="{55 + day.day % 10}"/>\n'
            )
            for n in range(293):
                hour, minute = 6 + n // 20, (n % 20) * 3
                start = f"{d} {hour:02d}:{minute:02d}:00 -0500"
                end = f"{d} {hour:02d}:{minute + 2:02d}:00 -0500"
                if n % 2:
                    source, device, kind, unit, value = (
                        "Phone" if n % 4 == 1 else "Watch", phone if n % 4 == 1 else watch,
                        "HKQuantityTypeIdentifierStepCount", "count", 20 + n % 90,
                    )  # fmt: skip
                    lines.append(
                        f' <Record type="{kind}" sourceName="{source}" sourceVersion="17.1" '
                        f'device="{device}" unit="{unit}" creationDate="{end}" '
                        f'startDate="{start}" endDate="{end}" value="{value}"/>\n'
                    )
                else:
                    lines.append(
                        ' <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" '
                        f'sourceVersion="10.1" device="{watch}" unit="count/min" '
                        f'creationDate="{end}" startDate="{start}" endDate="{start}" '
                        f'value="{60 + n % 40}">\n'
                        '  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>\n'
                        " </Record>\n"
                    )
            take = lines[: records - written]
            out.write("".join(take))
            written += len(take)
            day += timedelta(days=1)
        out.write("</HealthData>\n")


def bare_pass(path: Path) -> None:
    for _, element in ET.iterparse(path):
        element.clear()


def lean_pass(path: Path) -> None:
    """The leanest streaming pass: each element dropped from the root too, as the reader does
    (clearing alone leaves a million empty elements hanging off the root)."""
    events = ET.iterparse(path, events=("start", "end"))
    _, root = next(events)
    for event, _element in events:
        if event == "end":
            root.clear()


def reader_pass(path: Path) -> None:
    from painlog.formats.devices import read_device_export

    read_device_export("apple-health", path)


PEAK = """
import resource, sys
from pathlib import Path
from painlog.formats.devices import read_device_export
found = read_device_export("apple-health", Path(sys.argv[1]))
status = Path("/proc/self/status")  # Linux: this process's own high-water mark, in kB
lines = status.read_text().splitlines() if status.exists() else []
high_water = next((line.split()[1] for line in lines if line.startswith("VmHWM")), "0")
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(found.records), high_water)
"""
BASELINE = """
import resource
import painlog.formats.devices.apple_health
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


FULL = """
import resource, runpy, sys
sys.argv = ["painlog", "import", sys.argv[1], "--from", "apple-health"]
try:
    runpy.run_module("painlog", run_name="__main__", alter_sys=True)
except SystemExit as stop:
    if stop.code:
        raise
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def full_import(path: Path, journal: Path) -> tuple[float, float, str]:
    """(seconds, peak MB, closing line) of the whole import command in a fresh process."""
    import os

    env = {**os.environ, "PAINLOG_DB": str(journal), "COLUMNS": "1000"}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", FULL, str(path)], check=True, env=env,
                          capture_output=True, text=True)  # fmt: skip
    took = time.perf_counter() - started
    return took, int(done.stderr.split()[-1]) / 1024, done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--records", type=int, default=1_000_000)
    args = parser.parse_args()
    with scratch_folder() as folder:
        path = folder / "export.xml"
        write_export(path, args.records)
        size = path.stat().st_size
        # Memory first: Linux keeps ru_maxrss across fork and exec, so a child started after
        # the timed passes below had grown this process would report this process's peak.
        peak = subprocess.run([sys.executable, "-c", PEAK, str(path)], check=True,
                              capture_output=True, text=True).stdout.split()  # fmt: skip
        base = subprocess.run([sys.executable, "-c", BASELINE], check=True,
                              capture_output=True, text=True).stdout.split()  # fmt: skip
        samples: dict[str, list[float]] = {"bare": [], "lean": [], "reader": [], "import": []}
        peaks: list[float] = []
        closing = ""
        bare_pass(path)  # warm the disk cache
        for _ in range(args.runs):
            for name, run in (("bare", bare_pass), ("lean", lean_pass), ("reader", reader_pass)):
                started = time.perf_counter()
                run(path)
                samples[name].append(time.perf_counter() - started)
            took, peak_import, closing = full_import(path, folder / f"journal-{_}.db")
            samples["import"].append(took)
            peaks.append(peak_import)
        bare = statistics.median(samples["bare"])
        reader = statistics.median(samples["reader"])
        lean = statistics.median(samples["lean"])
        whole = statistics.median(samples["import"])
        peak_mb, base_mb = int(peak[0]) / 1024, int(base[0]) / 1024
        print(f"{args.records:,} records, {size / 1e6:,.0f} MB export.xml, "
              f"{args.runs} runs each (medians)")  # fmt: skip
        print(f"bare iterparse pass:   {bare * 1000:9.1f} ms")
        print(f"lean pass (root too):  {lean * 1000:9.1f} ms  {lean / bare:4.2f}x bare")
        print(f"Apple Health reader:   {reader * 1000:9.1f} ms  "
              f"{reader / bare:4.2f}x bare (target <= 3x), {reader / lean:4.2f}x lean; {peak[1]} records")  # fmt: skip
        print(f"reader peak memory:    {peak_mb:9.1f} MB  (target < 150 MB; "
              f"interpreter and import alone {base_mb:.1f} MB; VmHWM {int(peak[2]) / 1024:.1f} MB)")  # fmt: skip

        print(f"full import command:   {whole * 1000:9.1f} ms  "
              f"{whole / bare:4.2f}x bare (target <= 3x), into a new journal, fresh process")  # fmt: skip
        print(f"import peak memory:    {max(peaks):9.1f} MB  (target < 150 MB; ru_maxrss)")
        print(f"  {closing}")


if __name__ == "__main__":
    main()
