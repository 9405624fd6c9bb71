#!/usr/bin/env python3
"""PyTorch speed peer (Debian's python3-torch, CPU) for the core's networks.

By default the same network as the C++ core and bench/numpy_simpleconvnet.py (SimpleConvNet):
    Conv(30 filters 5x5) -> ReLU -> MaxPool(2x2, s2) -> Affine(4320->100) -> ReLU -> Affine(100->10)
or, with --layers, any layer list in the core's own syntax (cnn/architecture.h; bench/run_bench.py
passes the two-stage network's as `cnn bench --arch two-stage` prints it):
    --layers conv16x5p2,relu,pool2,conv32x5p2,relu,pool2,affine100,relu,affine10
trained with cross-entropy and Adam(lr=0.001) on batches of 100 random images (speed only).

Run as Debian installs it, or in its strongest configuration here (OpenBLAS with the CPU's
real core type, which OpenBLAS 0.3.21 misdetects on an AVX-512 machine; Haswell on an
AVX2-only CPU, where SkylakeX dies; run_bench.py picks it):
    /usr/bin/python3 bench/torch_simpleconvnet.py --threads 2 [--layers LAYERS]
    OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 bench/torch_simpleconvnet.py --threads 2 [--layers LAYERS]
Output (stdout): one "name: value unit" line per figure, medians over --repeats.
"""
import argparse
import re
import statistics
import sys
import time

import torch
import torch.nn as nn


SIMPLECONVNET = "conv30x5,relu,pool2,affine100,relu,affine10"


def build(layers=SIMPLECONVNET, shape=(1, 28, 28)):
    """An nn.Sequential for a layer list in the core's syntax: convNxK[pP][sS], relu, poolK[sS], affineN."""
    c, h, w = shape
    mods, flat = [], False
    for item in layers.split(","):
        if m := re.fullmatch(r"conv(\d+)x(\d+)(?:p(\d+))?(?:s(\d+))?", item):
            n, k, pad, stride = int(m[1]), int(m[2]), int(m[3] or 0), int(m[4] or 1)
            mods.append(nn.Conv2d(c, n, k, stride=stride, padding=pad))
            c, h, w = n, (h + 2 * pad - k) // stride + 1, (w + 2 * pad - k) // stride + 1
        elif m := re.fullmatch(r"pool(\d+)(?:s(\d+))?", item):
            k, stride = int(m[1]), int(m[2] or m[1])
            mods.append(nn.MaxPool2d(k, stride))
            h, w = (h - k) // stride + 1, (w - k) // stride + 1
        elif item == "relu":
            mods.append(nn.ReLU())
        elif m := re.fullmatch(r"affine(\d+)", item):
            if not flat:
                mods.append(nn.Flatten())
                c, h, w, flat = c * h * w, 1, 1, True
            mods.append(nn.Linear(c, int(m[1])))
            c = int(m[1])
        else:
            sys.exit(f"torch_simpleconvnet.py: unknown layer {item!r} in --layers {layers}")
    return nn.Sequential(*mods)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--train-batches", type=int, default=30)
    ap.add_argument("--forward-runs", type=int, default=1000)
    ap.add_argument("--infer-batches", type=int, default=30)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--prefix", default="torch")
    ap.add_argument("--layers", default=SIMPLECONVNET, help="the network, in the core's layer syntax")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    x = torch.rand(100, 1, 28, 28)
    t = torch.randint(0, 10, (100,))
    print(f"# torch {torch.__version__}, threads {torch.get_num_threads()}, layers {a.layers}, "
          f"BLAS: {torch.__config__.show().count('BLAS')} mentions", file=sys.stderr)

    train = []
    for _ in range(a.repeats):
        net = build(a.layers)
        opt = torch.optim.Adam(net.parameters(), lr=0.001)
        loss_fn = nn.CrossEntropyLoss()
        for i in range(a.train_batches + 3):
            if i == 3:
                t0 = time.perf_counter()
            opt.zero_grad()
            loss = loss_fn(net(x), t)
            loss.backward()
            opt.step()
        train.append(a.train_batches * 100 / (time.perf_counter() - t0))

    net = build(a.layers).eval()
    infer = []
    with torch.no_grad():
        for _ in range(a.repeats):
            for i in range(a.infer_batches + 2):
                if i == 2:
                    t0 = time.perf_counter()
                net(x)
            infer.append(a.infer_batches * 100 / (time.perf_counter() - t0))
        one = x[:1]
        lat = []
        for i in range(a.forward_runs + 50):
            t0 = time.perf_counter()
            net(one).numpy()
            if i >= 50:
                lat.append((time.perf_counter() - t0) * 1e3)
    lat.sort()
    p = a.prefix
    print(f"{p}_train_images_per_s: {statistics.median(train):.1f} images/s (min {min(train):.1f}, max {max(train):.1f})")
    print(f"{p}_forward_1_image_ms: {statistics.median(lat):.4f} ms (median of {len(lat)}; "
          f"p10 {lat[len(lat) // 10]:.4f}, p90 {lat[len(lat) * 9 // 10]:.4f})")
    print(f"{p}_infer_batch100_images_per_s: {statistics.median(infer):.1f} images/s "
          f"(min {min(infer):.1f}, max {max(infer):.1f})")


if __name__ == "__main__":
    main()
