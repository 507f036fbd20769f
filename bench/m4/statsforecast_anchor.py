"""The bench:m4 anchor: Nixtla statsforecast (PyPI 2.x) on the same split as our models.

Reads a JSON file {"horizon": 48, "season": 24, "series": {"H1": [...], ...}} (the training
part of each series), fits AutoETS, AutoTheta and SeasonalNaive (season 24), one model at a
time on one core (n_jobs=1, as our TS runs; --jobs N to parallelise), and writes {"version", "models": {name:
{"seconds", "forecasts": {id: [...]}}}} to the output path. Each model is first run once on
a single short series so that one-off JIT compilation is not timed. Progress goes to stderr.

    python statsforecast_anchor.py INPUT.json OUTPUT.json [--models AutoETS,AutoTheta,SeasonalNaive] [--jobs N]
"""
import json
import sys
import time

import numpy as np
import pandas as pd
import statsforecast
from statsforecast import StatsForecast
from statsforecast.models import AutoETS, AutoTheta, SeasonalNaive


def main() -> None:
    flags = {"--models", "--jobs"}
    args = [a for i, a in enumerate(sys.argv[1:], 1) if not a.startswith("--") and sys.argv[i - 1] not in flags]
    if len(args) != 2:
        sys.exit(__doc__)
    names = ["AutoETS", "AutoTheta", "SeasonalNaive"]
    if "--models" in sys.argv:
        names = sys.argv[sys.argv.index("--models") + 1].split(",")
    jobs = int(sys.argv[sys.argv.index("--jobs") + 1]) if "--jobs" in sys.argv else 1
    with open(args[0], encoding="utf8") as f:
        data = json.load(f)
    horizon, season = int(data["horizon"]), int(data["season"])
    ids = list(data["series"].keys())
    frames = [
        pd.DataFrame({"unique_id": sid, "ds": np.arange(len(ys)), "y": np.asarray(ys, dtype=float)})
        for sid, ys in data["series"].items()
    ]
    df = pd.concat(frames, ignore_index=True)
    warm = df[df["unique_id"] == ids[0]].tail(10 * season)

    def make(name: str):
        if name == "AutoETS":
            return AutoETS(season_length=season)
        if name == "AutoTheta":
            return AutoTheta(season_length=season)
        if name == "SeasonalNaive":
            return SeasonalNaive(season_length=season)
        sys.exit(f"unknown model {name}")

    out = {"version": statsforecast.__version__, "models": {}}
    for name in names:
        print(f"statsforecast {name}: warm-up on one series", file=sys.stderr, flush=True)
        StatsForecast(models=[make(name)], freq=1, n_jobs=1).forecast(df=warm, h=horizon)
        print(f"statsforecast {name}: fitting {len(ids)} series …", file=sys.stderr, flush=True)
        start = time.perf_counter()
        fc = StatsForecast(models=[make(name)], freq=1, n_jobs=jobs).forecast(df=df, h=horizon)
        seconds = time.perf_counter() - start
        col = [c for c in fc.columns if c not in ("unique_id", "ds")][0]
        if "unique_id" not in fc.columns:
            fc = fc.reset_index()
        forecasts = {sid: g[col].tolist() for sid, g in fc.groupby("unique_id", sort=False)}
        out["models"][name] = {"seconds": seconds, "forecasts": forecasts}
        print(f"statsforecast {name}: done in {seconds:.1f}s", file=sys.stderr, flush=True)
    with open(args[1], "w", encoding="utf8") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
