#!/usr/bin/env python3
"""Synthetic answers for the peer benchmark, in verband's own response format.

    python3 benches/peers/generate.py N [--instrument FILE] [--out DIR] [--seed S]
                                        [--year Y] [--no-xlsx] [--no-csv]

writes DIR/peers-N.csv and (for N <= 10,000) DIR/peers-N.xlsx. The header row is the
instrument's column ids in questionnaire order, as `verband template` lays them out:
attributes, items (a construct's direct items, then its dimensions' items), relational
columns (question_partner), open questions. Everything is read from the TOML, so the files
follow the instrument when it changes.

Cells:
- category attributes: one of the listed codes (the actor type skewed towards schools);
  a number attribute with role "year": --year; an id attribute: R0000001, …; an organisation
  attribute: a made-up name per actor type; other optional attributes are left blank.
- ordinal items: the rounded sum of a construct mean, an actor-type effect, a respondent
  effect, an item offset and noise, clamped to the scale; about 3% carry one of the scale's
  missing codes (9 "weet niet", 8 "n.v.t.") and about 1% are blank.
- nominal items: a code of the scale, about 5% missing-coded.
- open questions: blank.

Deterministic: the same N, seed and instrument give byte-identical csv files (and xlsx files
with a fixed creation date). The csv is written from a byte matrix in chunks, with no
per-cell Python, so a million respondents take seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tomllib
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
DEFAULT_INSTRUMENT = REPO / "instruments" / "netwerk-effectiviteit.toml"
XLSX_LIMIT = 10_000
CHUNK = 100_000


# ---------------------------------------------------------------- instrument


def load_instrument(path: Path) -> dict:
    with open(path, "rb") as f:
        inst = tomllib.load(f)
    scales = {}
    for s in inst.get("scales", []):
        scales[s["id"]] = {
            "kind": s.get("kind", "ordinal"),
            "codes": [int(p["code"]) for p in s.get("points", [])],
            "missing": [int(m["code"]) for m in s.get("missing", [])],
        }
    columns = []  # (id, kind, spec)
    for a in inst.get("attributes", []):
        columns.append((a["id"], "attribute", a))
    for c in inst.get("constructs", []):
        nested = [(i, d) for d in c.get("dimensions", []) for i in d.get("items", [])]
        for item, dim in [(i, None) for i in c.get("items", [])] + nested:
            if item["scale"] not in scales:
                continue  # `verband instrument check` reports it
            columns.append((item["id"], "item", {"item": item, "construct": c["id"]}))
    for block in inst.get("relational", []):
        for q in block.get("questions", []):
            if q["scale"] not in scales:
                continue
            for p in block.get("partners", []):
                cid = f"{q['id']}_{p['code']}"
                columns.append((cid, "item", {"item": {"id": cid, "scale": q["scale"]},
                                              "construct": f"{block['id']}:{q['id']}"}))
    for o in inst.get("open", []):
        columns.append((o["id"], "open", o))
    return {"scales": scales, "columns": columns, "raw": inst}


# ---------------------------------------------------------------- cell values


def actor_weights(k: int) -> np.ndarray:
    """Unequal group sizes, as in a real survey: the first (school) types are larger."""
    w = np.array([1.0 / (1 + 0.35 * i) for i in range(k)])
    return w / w.sum()


def generate(inst: dict, n: int, seed: int, year: int) -> list[tuple[str, np.ndarray, bool]]:
    """(column id, cells as bytes, numeric) per column; b"" is an empty cell."""
    rng = np.random.default_rng(seed)
    scales = inst["scales"]
    cols = inst["columns"]

    actor_attr = next((spec for _, kind, spec in cols
                       if kind == "attribute" and spec.get("role") == "actor_type"), None)
    n_types = len(actor_attr["values"]) if actor_attr and actor_attr.get("values") else 1
    actor = rng.choice(n_types, size=n, p=actor_weights(n_types))

    constructs = sorted({spec["construct"] for _, kind, spec in cols if kind == "item"})
    c_index = {c: i for i, c in enumerate(constructs)}
    c_mean = rng.uniform(2.9, 3.9, size=len(constructs))
    c_effect = rng.normal(0.0, 0.3, size=(n_types, len(constructs)))
    general = rng.normal(0.0, 0.45, size=n)
    specific_sd = 0.4

    out = []
    specific_cache: dict[str, np.ndarray] = {}
    for cid, kind, spec in cols:
        if kind == "attribute":
            out.append((cid, attribute_column(spec, n, actor, year, rng),
                        spec.get("kind") == "number"))
        elif kind == "open":
            out.append((cid, np.zeros(n, dtype="S1"), False))
        else:
            scale = scales[spec["item"]["scale"]]
            codes = np.array(scale["codes"], dtype=np.int64)
            missing = np.array(scale["missing"], dtype=np.int64)
            if scale["kind"] == "ordinal" and len(codes):
                c = spec["construct"]
                if c not in specific_cache:
                    specific_cache[c] = rng.normal(0.0, specific_sd, size=n)
                ci = c_index[c]
                lo, hi = codes.min(), codes.max()
                # the scale's own range: construct means were drawn for a 1–5 scale
                span = (hi - lo) / 4.0 if hi > lo else 1.0
                latent = (c_mean[ci] - 1.0) * span + lo
                latent = latent + (c_effect[actor, ci] + general + specific_cache[c]
                                   + rng.normal(0.0, 0.25) + rng.normal(0.0, 0.8, size=n)) * span
                if spec["item"].get("reverse"):
                    latent = lo + hi - latent
                values = np.clip(np.rint(latent), lo, hi).astype(np.int64)
                if len(codes) != hi - lo + 1:
                    # snap to the listed codes (a scale may skip a code)
                    values = codes[np.abs(values[:, None] - codes[None, :]).argmin(axis=1)]
                p_missing, p_blank = 0.03, 0.01
            else:
                values = rng.choice(codes, size=n) if len(codes) else np.zeros(n, np.int64)
                p_missing, p_blank = 0.05, 0.0
            u = rng.random(n)
            if len(missing):
                m = u < p_missing
                values[m] = rng.choice(missing, size=int(m.sum()))
            values[(u >= p_missing) & (u < p_missing + p_blank)] = BLANK
            out.append((cid, encode_codes(values, np.concatenate([codes, missing])), True))
    return out


BLANK = -(2**62)  # an item cell left empty (0 may be a real code)


def encode_codes(values: np.ndarray, known: np.ndarray) -> np.ndarray:
    """int codes → their text as a bytes array (BLANK → b""), by a lookup in the few codes a
    scale has."""
    uniq = np.unique(np.concatenate([known.astype(np.int64), [BLANK]]))
    table = np.array([b"" if u == BLANK else str(int(u)).encode() for u in uniq])
    return table[np.searchsorted(uniq, values)]


def attribute_column(spec: dict, n: int, actor: np.ndarray, year: int,
                     rng: np.random.Generator) -> np.ndarray:
    role, kind = spec.get("role", "other"), spec.get("kind", "text")
    if role == "actor_type" and spec.get("values"):
        labels = np.array([v["code"].encode() for v in spec["values"]])
        return labels[actor]
    if kind == "category" and spec.get("values"):
        labels = np.array([v["code"].encode() for v in spec["values"]])
        return labels[rng.integers(0, len(labels), size=n)]
    if role == "year" or (kind == "number" and spec.get("required")):
        return np.full(n, str(year).encode())
    if role == "id":
        return respondent_ids(n)
    if role == "organisation":
        # a handful of organisations per actor type
        k = rng.integers(1, 9, size=n)
        names = np.array([f"Organisatie {t + 1}-{j}".encode()
                          for t in range(int(actor.max()) + 1) for j in range(1, 9)])
        return names[actor * 8 + (k - 1)]
    if spec.get("required"):
        return np.full(n, b"x")
    return np.zeros(n, dtype="S1")


def respondent_ids(n: int) -> np.ndarray:
    width = max(7, len(str(n)))
    i = np.arange(1, n + 1, dtype=np.int64)
    digits = np.empty((n, width + 1), dtype=np.uint8)
    digits[:, 0] = ord("R")
    for k in range(width):
        digits[:, width - k] = (i // 10**k) % 10 + ord("0")
    return digits.view(f"S{width + 1}").ravel()


# ---------------------------------------------------------------- csv


def write_csv(path: Path, header: list[str], columns: list[np.ndarray],
              numeric: list[bool]) -> None:
    """Row-major byte matrix per chunk: each cell padded to its column's width, then the
    padding dropped with a boolean mask. No per-cell Python, no quoting needed (no cell holds
    a comma, quote or newline: checked)."""
    n = len(columns[0])
    enc = columns
    for c, num in zip(columns, numeric):
        if not num:
            text = b"".join(np.unique(c))
            assert not any(ch in text for ch in (b",", b'"', b"\n")), "needs quoting"
    widths = [max(1, c.dtype.itemsize) for c in enc]
    total = sum(widths) + len(enc)  # + one separator or newline per cell
    with open(path, "wb") as f:
        f.write((",".join(header) + "\n").encode())
        for start in range(0, n, CHUNK):
            stop = min(n, start + CHUNK)
            m = stop - start
            mat = np.zeros((m, total), dtype=np.uint8)
            keep = np.zeros((m, total), dtype=bool)
            pos = 0
            for j, (c, w) in enumerate(zip(enc, widths)):
                part = c[start:stop]
                raw = np.frombuffer(part.astype(f"S{w}").tobytes(), dtype=np.uint8).reshape(m, w)
                mat[:, pos:pos + w] = raw
                keep[:, pos:pos + w] = raw != 0
                pos += w
                mat[:, pos] = ord("\n") if j == len(enc) - 1 else ord(",")
                keep[:, pos] = True
                pos += 1
            f.write(mat[keep].tobytes())


# ---------------------------------------------------------------- xlsx


def write_xlsx(path: Path, header: list[str], columns: list[np.ndarray],
               numeric: list[bool]) -> None:
    n = len(columns[0])
    # Python values per column, once (numbers as numbers, blanks as None)
    py = []
    for c, num in zip(columns, numeric):
        vals = [v.decode() if v else None for v in c.tolist()]
        if num:
            vals = [int(v) if v else None for v in vals]
        py.append(vals)
    rows = zip(*py)
    created = dt.datetime(2025, 1, 1)
    try:
        import xlsxwriter
    except ImportError:
        xlsxwriter = None
    if xlsxwriter is not None:
        wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        wb.set_properties({"created": created})
        ws = wb.add_worksheet("Antwoorden")
        ws.write_row(0, 0, header)
        for r, row in enumerate(rows, start=1):
            for col, v in enumerate(row):
                if v is not None:
                    ws.write(r, col, v)
        wb.close()
    else:
        from openpyxl import Workbook
        wb = Workbook(write_only=True)
        wb.properties.created = created
        ws = wb.create_sheet("Antwoorden")
        ws.append(header)
        for row in rows:
            ws.append(row)
        wb.save(path)
    assert n == len(py[0])


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of respondents")
    ap.add_argument("--instrument", type=Path, default=DEFAULT_INSTRUMENT)
    ap.add_argument("--out", type=Path, default=Path("."), help="folder for the files")
    ap.add_argument("--name", default=None, help="file stem (default peers-N)")
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--year", type=int, default=2025)
    ap.add_argument("--no-xlsx", action="store_true")
    ap.add_argument("--no-csv", action="store_true")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be at least 1")

    inst = load_instrument(args.instrument)
    data = generate(inst, args.n, args.seed, args.year)
    header = [cid for cid, _, _ in data]
    columns = [col for _, col, _ in data]
    numeric = [num for _, _, num in data]
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.name or f"peers-{args.n}"
    written = []
    if not args.no_csv:
        p = args.out / f"{stem}.csv"
        write_csv(p, header, columns, numeric)
        written.append(p)
    if not args.no_xlsx:
        if args.n > XLSX_LIMIT:
            print(f"generate.py: no xlsx above {XLSX_LIMIT:,} respondents (use the csv)",
                  file=sys.stderr)
        else:
            p = args.out / f"{stem}.xlsx"
            write_xlsx(p, header, columns, numeric)
            written.append(p)
    for p in written:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
