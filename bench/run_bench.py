#!/usr/bin/env python3
"""The benchmark suite: this project against its peers, measured side by side in one run.

    bench/run.sh            (installs the peers, builds, then runs this with /usr/bin/python3)

Native, on the same machine in the same run, alternating the contenders round by round
(the two vCPUs are noisy: compare only figures from one run), for SimpleConvNet and then for the
two-stage network (cnn bench --arch two-stage; PyTorch builds the layer list that command prints):
  * cnn bench --threads 1 / --threads 2     (this project)
  * PyTorch 1.13 CPU, 2 threads: OpenBLAS with the strongest OPENBLAS_CORETYPE this CPU runs
    (SkylakeX with AVX-512, Haswell with AVX2; strongest_coretype()) and as Debian installs it
    (reference BLAS)
  * the NumPy im2col reference (float64, as in the course), reference BLAS and OpenBLAS
    (SimpleConvNet only)
Then the whole-epoch time of `cnn train` and the time the README's training command takes to
reach 99.0 % test accuracy. Every figure is the median over rounds, with its min–max spread.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = "/usr/bin/python3"
REF_BLAS = "/usr/lib/x86_64-linux-gnu/blas:/usr/lib/x86_64-linux-gnu/lapack"


def strongest_coretype():
    """OpenBLAS's kernels for the widest vectors this CPU has (SkylakeX on an AVX2-only CPU dies
    of an illegal instruction)."""
    try:
        with open("/proc/cpuinfo") as f:
            flags = next((l.split(":", 1)[1].split() for l in f if l.startswith("flags")), [])
    except OSError:
        flags = []
    return "SkylakeX" if "avx512f" in flags else "Haswell" if "avx2" in flags else "Prescott"


CORE = strongest_coretype()


def env_with(**kv):
    e = dict(os.environ)
    for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        e.pop(k, None)
    for k, v in kv.items():
        e[k] = v
    return e


def contenders(arch, layers):
    """(name, command, environment, prefix) for network `arch` (`layers`: its layer list)."""
    cnn = [f"{ROOT}/build/cnn", "bench", "--arch", arch]
    torch = [PY, f"{ROOT}/bench/torch_simpleconvnet.py", "--threads", "2", "--layers", layers]
    out = [
        ("cnn, 1 thread", cnn + ["--threads", "1"], env_with(), ""),
        ("cnn, 2 threads", cnn + ["--threads", "2"], env_with(), ""),
        (f"PyTorch, OpenBLAS {CORE}, 2 threads", torch, env_with(OPENBLAS_CORETYPE=CORE), "torch"),
        ("PyTorch as installed (reference BLAS), 2 threads", torch, env_with(LD_LIBRARY_PATH=REF_BLAS), "torch"),
    ]
    if arch == "simple":
        out += [
            ("NumPy float64 (reference BLAS)", [PY, f"{ROOT}/bench/numpy_simpleconvnet.py", "--repeats", "1"],
             env_with(LD_LIBRARY_PATH=REF_BLAS), "numpy"),
            (f"NumPy float64, OpenBLAS {CORE}", [PY, f"{ROOT}/bench/numpy_simpleconvnet.py", "--repeats", "1"],
             env_with(OPENBLAS_CORETYPE=CORE), "numpy"),
        ]
    return out


def layers_of(arch):
    """The layer list `cnn bench --arch ARCH` reports (cnn::named_architectures(), defined once in C++)."""
    out = run([f"{ROOT}/build/cnn", "bench", "--arch", arch, "--threads", "1", "--repeats", "1"], env_with())
    return re.search(r"^architecture: (\S+)", out, re.M).group(1)


METRICS = [("train_images_per_s", "training, images/s", True),
           ("forward_1_image_ms", "one-image forward, ms", False),
           ("infer_batch100_images_per_s", "batch-100 inference, images/s", True)]


def run(cmd, env, timeout=900):
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{p.stderr[-2000:]}")
    return p.stdout


def parse(out, prefix):
    vals = {}
    for key, _, _ in METRICS:
        name = f"{prefix}_{key}" if prefix else key  # `cnn bench` prints names without a prefix
        m = re.search(rf"^{name}: ([0-9.]+)", out, re.M)
        if m:
            vals[key] = float(m.group(1))
    return vals


def fmt(v):
    return f"{v:,.0f}" if v >= 100 else f"{v:.3f}"


def summary(xs):
    return f"{fmt(statistics.median(xs))} ({fmt(min(xs))}–{fmt(max(xs))})"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--skip-training-runs", action="store_true")
    ap.add_argument("--browser-json", help="results of bench/browser_bench.mjs to include")
    ap.add_argument("--arch", action="append", choices=("simple", "two-stage"),
                    help="only this network's native table (repeatable; default both)")
    a = ap.parse_args()

    for arch, title in (("simple", "SimpleConvNet"), ("two-stage", "the two-stage network")):
        if a.arch and arch not in a.arch:
            continue
        layers = layers_of(arch)
        cs = contenders(arch, layers)
        results = {name: {k: [] for k, _, _ in METRICS} for name, *_ in cs}
        for r in range(a.rounds):
            order = cs if r % 2 == 0 else list(reversed(cs))
            for name, cmd, env, prefix in order:
                print(f"[{arch} round {r + 1}/{a.rounds}] {name}", file=sys.stderr, flush=True)
                vals = parse(run(cmd, env), prefix)
                for k, v in vals.items():
                    results[name][k].append(v)

        print(f"\n## Native, {title} ({layers}), one run, median of {a.rounds} rounds (min–max)\n")
        print("| contender | " + " | ".join(label for _, label, _ in METRICS) + " |")
        print("|---|" + "---|" * len(METRICS))
        for name, *_ in cs:
            print(f"| {name} | " + " | ".join(summary(results[name][k]) if results[name][k] else "n/a"
                                              for k, _, _ in METRICS) + " |")

        best = "cnn, 2 threads"
        print(f"\n## Ratios, {title} (this project's best / peer; > 1 means this project is faster)\n")
        print("| peer | " + " | ".join(label.split(",")[0] for _, label, _ in METRICS) + " |")
        print("|---|" + "---|" * len(METRICS))
        for name, *_ in cs[2:]:
            cells = []
            for k, _, higher in METRICS:
                ours = max(statistics.median(results["cnn, 1 thread"][k]), statistics.median(results[best][k])) if higher \
                    else min(statistics.median(results["cnn, 1 thread"][k]), statistics.median(results[best][k]))
                theirs = statistics.median(results[name][k])
                cells.append(f"{(ours / theirs) if higher else (theirs / ours):.2f}×")
            print(f"| {name} | " + " | ".join(cells) + " |")

    if not a.skip_training_runs:
        data = f"{ROOT}/data/mnist"
        print("\n## Training on real MNIST (60 000 images per epoch)\n")
        for threads in ("1", "2"):
            out = run([f"{ROOT}/build/cnn", "train", "--data", data, "--epochs", "1", "--threads", threads,
                       "--out", "/tmp/bench_epoch.cnnw"], env_with())
            m = re.search(r"^epoch 1: .*\(([0-9.]+) s", out, re.M)
            print(f"- one epoch of `cnn train`, {threads} thread(s): {m.group(1)} s (training only; evaluation excluded)")
        cmd = [f"{ROOT}/build/cnn", "train", "--data", data, "--epochs", "14", "--augment", "--lr-decay", "0.8",
               "--seed", "1", "--threads", "2", "--out", "/tmp/bench_model.cnnw"]
        t0 = time.time()
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env_with())
        reached = None
        for line in p.stdout:
            m = re.match(r"epoch (\d+): .*test accuracy ([0-9.]+)", line)
            if m and float(m.group(2)) >= 0.99 and reached is None:
                reached = (int(m.group(1)), float(m.group(2)), time.time() - t0)
                p.terminate()
                break
        p.wait()
        if reached:
            print(f"- the README's training command (with --threads 2) reached {reached[1]:.4f} test accuracy after "
                  f"epoch {reached[0]}, {reached[2]:.0f} s after start (wall clock, including per-epoch evaluation)")
        else:
            print("- the README's training command did not reach 99.0 % within its 14 epochs")

    if a.browser_json and os.path.exists(a.browser_json):
        print("\n## Browser (headless Chromium, same page)\n")
        print(open(a.browser_json).read())


if __name__ == "__main__":
    main()
