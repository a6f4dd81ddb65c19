#!/usr/bin/env python3
"""The job of `verband report`, done the way a Python analyst would: the Python peer of the
benchmark in benches/README.md.

    python3 benches/peers/peer.py --instrument instruments/netwerk-effectiviteit.toml \\
        --responses answers.xlsx --out DIR [--by actortype] [--min-group 5]

1. pandas reads the sheet (calamine engine when python-calamine is installed, else openpyxl;
   a .csv with read_csv).
2. Every item cell that is not one of its scale's answer codes becomes missing (so the scale's
   missing codes, 8 "n.v.t." and 9 "weet niet", and any text); items with reverse = true are
   scored as min + max − code.
3. Dimension and construct scores are the mean of the valid items when at least
   min_valid_items are valid (a dimension asks no more than it has items), as verband does;
   only constructs on an ordinal scale are scored.
4. Per construct, dimension and ordinal item, over the groups of --by with at least
   --min-group answers: descriptives, one-way ANOVA (scipy.stats.f_oneway), Welch's ANOVA
   (pingouin.welch_anova), Levene (scipy.stats.levene, center="mean"), Kruskal–Wallis
   (scipy.stats.kruskal); on constructs and dimensions also Tukey HSD (scipy.stats.tukey_hsd)
   and Games–Howell (pingouin.pairwise_gameshowell).
5. Four matplotlib charts (heatmap of construct × group means, profile lines, means with 95%
   CI, stacked Likert bars of every ordinal item), an HTML page with them inlined as base64
   and the construct tests as tables, and results.json.
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import sys
import tomllib
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pingouin as pg  # noqa: E402


# ---------------------------------------------------------------- instrument


def load_instrument(path: Path) -> dict:
    with open(path, "rb") as f:
        inst = tomllib.load(f)
    scales = {s["id"]: s for s in inst.get("scales", [])}
    default_min = int(inst.get("min_valid_items", 1))
    items, constructs = [], []
    for c in inst.get("constructs", []):
        own = list(c.get("items", []))
        dims = c.get("dimensions", [])
        all_items = own + [i for d in dims for i in d.get("items", [])]
        if not all_items or all_items[0]["scale"] not in scales:
            continue
        scale = scales[all_items[0]["scale"]]
        ordinal = scale.get("kind", "ordinal") == "ordinal"
        for i in own:
            items.append({**i, "construct": c["id"], "dimension": None, "ordinal": ordinal})
        for d in dims:
            for i in d.get("items", []):
                items.append({**i, "construct": c["id"], "dimension": d["id"],
                              "ordinal": ordinal})
        min_valid = int(c.get("min_valid_items", default_min))
        # dimensions get a score of their own only where they split the construct
        split = len(dims) > 1 or (own and dims)
        constructs.append({
            "id": c["id"],
            "label": c.get("label", {}).get("nl", c["id"]),
            "ordinal": ordinal,
            "scale": scale,
            "items": [i["id"] for i in all_items],
            "min_valid": min_valid,
            "dimensions": [{"id": d["id"],
                            "items": [i["id"] for i in d.get("items", [])],
                            "min_valid": min(min_valid, len(d.get("items", [])))}
                           for d in dims] if split else [],
        })
    actor = next((a["id"] for a in inst.get("attributes", [])
                  if a.get("role") == "actor_type"), None)
    group_order = next((([v["code"] for v in a.get("values", [])])
                        for a in inst.get("attributes", [])
                        if a.get("role") == "actor_type"), [])
    return {"id": inst.get("id"), "scales": scales, "items": items, "constructs": constructs,
            "actor": actor, "group_order": group_order}


# ---------------------------------------------------------------- read and score


def read_responses(path: Path) -> pd.DataFrame:
    if path.suffix.lower() in (".csv", ".txt"):
        with open(path, encoding="utf-8-sig") as f:
            head = f.readline()
        sep = max([";", "\t", ","], key=head.count)
        return pd.read_csv(path, sep=sep, encoding="utf-8-sig")
    try:
        import python_calamine  # noqa: F401
        engine = "calamine"
    except ImportError:
        engine = "openpyxl"
    return pd.read_excel(path, sheet_name=0, engine=engine)


def score(df: pd.DataFrame, inst: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(recoded items, scores): items as float with non-codes missing and reverse items
    turned; scores of every dimension and ordinal construct."""
    item_cols = {}
    for it in inst["items"]:
        if it["id"] not in df.columns:
            continue
        scale = inst["scales"][it["scale"]]
        codes = [p["code"] for p in scale.get("points", [])]
        x = pd.to_numeric(df[it["id"]], errors="coerce")
        x = x.where(x.isin(codes))
        if it.get("reverse") and it["ordinal"]:
            x = min(codes) + max(codes) - x
        item_cols[it["id"]] = x.astype(float)
    items = pd.DataFrame(item_cols, index=df.index)

    def mean_score(ids: list[str], min_valid: int) -> pd.Series:
        block = items[[i for i in ids if i in items.columns]]
        return block.mean(axis=1).where(block.notna().sum(axis=1) >= min_valid)

    scores = {}
    for c in inst["constructs"]:
        if not c["ordinal"]:
            continue
        for d in c["dimensions"]:
            scores[d["id"]] = mean_score(d["items"], d["min_valid"])
        scores[c["id"]] = mean_score(c["items"], c["min_valid"])
    return items, pd.DataFrame(scores, index=df.index)


# ---------------------------------------------------------------- tests


def pick(table: pd.DataFrame, **names: tuple[str, ...]) -> pd.DataFrame:
    """Rename a column that pingouin spells differently across versions (p-unc → p_unc)."""
    for new, olds in names.items():
        old = next(c for c in olds if c in table.columns)
        table = table.rename(columns={old: new})
    return table


def clean(x: float) -> float | None:
    return None if x is None or not np.isfinite(x) else float(x)


def analyse(values: pd.Series, group: pd.Series, order: list[str], min_group: int,
            posthoc: bool) -> dict:
    d = pd.DataFrame({"g": group, "y": values}).dropna()
    sizes = d["g"].value_counts()
    keep = [g for g in order if sizes.get(g, 0) >= min_group]
    d = d[d["g"].isin(keep)]
    samples = [d.loc[d["g"] == g, "y"].to_numpy() for g in keep]
    desc = [{"group": g, "n": int(len(s)), "mean": clean(s.mean()),
             "sd": clean(s.std(ddof=1)) if len(s) > 1 else None}
            for g, s in zip(keep, samples)]
    out = {"descriptives": desc}
    if len(keep) < 2:
        out["note"] = "fewer than two groups"
        return out
    k, n = len(keep), len(d)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = stats.f_oneway(*samples)
        out["anova"] = {"F": clean(f.statistic), "df1": k - 1, "df2": n - k, "p": clean(f.pvalue)}
        w = pg.welch_anova(data=d, dv="y", between="g")
        out["welch"] = {"F": clean(w["F"].iloc[0]), "df1": clean(w["ddof1"].iloc[0]),
                        "df2": clean(w["ddof2"].iloc[0]),
                        "p": clean(pick(w, p=("p_unc", "p-unc"))["p"].iloc[0])}
        lv = stats.levene(*samples, center="mean")
        out["levene"] = {"F": clean(lv.statistic), "df1": k - 1, "df2": n - k,
                         "p": clean(lv.pvalue)}
        kw = stats.kruskal(*samples)
        out["kruskal"] = {"H": clean(kw.statistic), "df": k - 1, "p": clean(kw.pvalue)}
        if posthoc:
            # Tukey HSD with pingouin (scipy.stats.tukey_hsd gives the same p values but
            # integrates the studentized range for all k × k cells, both triangles, and again
            # for its intervals: about twice the time). The family-wise 95% interval takes
            # one quantile of the studentized range per measure.
            tk = pg.pairwise_tukey(data=d, dv="y", between="g")
            ms_within = sum(((s - s.mean()) ** 2).sum() for s in samples) / (n - k)
            q = stats.studentized_range.ppf(0.95, k, n - k)
            sizes = dict(zip(keep, (len(s) for s in samples)))
            out["tukey"] = []
            for r in pick(tk, p=("p_tukey", "p-tukey")).itertuples():
                half = q * np.sqrt(ms_within / 2 * (1 / sizes[r.A] + 1 / sizes[r.B]))
                out["tukey"].append({"a": r.A, "b": r.B, "diff": clean(r.diff),
                                     "lo": clean(r.diff - half), "hi": clean(r.diff + half),
                                     "p": clean(r.p)})
            gh = pg.pairwise_gameshowell(data=d, dv="y", between="g")
            out["games_howell"] = [
                {"a": r.A, "b": r.B, "diff": clean(r.diff), "t": clean(r.T), "df": clean(r.df),
                 "p": clean(r.p)}
                for r in pick(gh, p=("pval",)).itertuples()]
            # Bonferroni: pooled-SD t tests, as R's pairwise.t.test(p.adjust = "bonferroni")
            m = k * (k - 1) / 2
            out["bonferroni"] = []
            for i in range(k):
                for j in range(i + 1, k):
                    diff = samples[i].mean() - samples[j].mean()
                    se = np.sqrt(ms_within * (1 / len(samples[i]) + 1 / len(samples[j])))
                    p = min(1.0, m * 2 * stats.t.sf(abs(diff / se), n - k))
                    out["bonferroni"].append({"a": keep[i], "b": keep[j], "diff": clean(diff),
                                              "t": clean(diff / se), "p": clean(p)})
    return out


# ---------------------------------------------------------------- charts


def heatmap(path: Path, means: pd.DataFrame, labels: list[str]) -> None:
    fig, ax = plt.subplots(figsize=(1.2 * means.shape[1] + 4, 0.45 * means.shape[0] + 1.5))
    im = ax.imshow(means.to_numpy(), cmap="RdYlGn", vmin=1, vmax=5, aspect="auto")
    ax.set_xticks(range(means.shape[1]), means.columns, rotation=30, ha="right")
    ax.set_yticks(range(means.shape[0]), labels)
    for (i, j), v in np.ndenumerate(means.to_numpy()):
        if np.isfinite(v):
            ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=8)
    fig.colorbar(im, ax=ax, label="gemiddelde")
    ax.set_title("Gemiddelde per construct en actortype")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def profile(path: Path, means: pd.DataFrame, labels: list[str]) -> None:
    fig, ax = plt.subplots(figsize=(11, 5))
    x = np.arange(means.shape[0])
    for g in means.columns:
        ax.plot(x, means[g].to_numpy(), marker="o", label=g)
    ax.set_xticks(x, labels, rotation=35, ha="right")
    ax.set_ylim(1, 5)
    ax.set_ylabel("gemiddelde")
    ax.legend(title="actortype", fontsize=8, ncol=2)
    ax.grid(axis="y", alpha=0.3)
    ax.set_title("Profiel per actortype")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def means_ci(path: Path, results: dict, constructs: list[dict]) -> None:
    groups = sorted({d["group"] for c in constructs
                     for d in results[c["id"]]["descriptives"]},
                    key=lambda g: [d["group"] for c in constructs
                                   for d in results[c["id"]]["descriptives"]].index(g))
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(constructs) * len(groups) / 3 + 2))
    step = 0.8 / max(1, len(groups))
    for gi, g in enumerate(groups):
        ys, ms, es = [], [], []
        for ci, c in enumerate(constructs):
            d = next((d for d in results[c["id"]]["descriptives"] if d["group"] == g), None)
            if d is None or d["sd"] is None:
                continue
            half = stats.t.ppf(0.975, d["n"] - 1) * d["sd"] / np.sqrt(d["n"])
            ys.append(ci - 0.4 + step * (gi + 0.5))
            ms.append(d["mean"])
            es.append(half)
        ax.errorbar(ms, ys, xerr=es, fmt="o", ms=3, capsize=2, label=g)
    ax.set_yticks(range(len(constructs)), [c["label"] for c in constructs])
    ax.invert_yaxis()
    ax.set_xlim(1, 5)
    ax.set_xlabel("gemiddelde met 95%-betrouwbaarheidsinterval")
    ax.legend(fontsize=7, ncol=2)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def likert(path: Path, items: pd.DataFrame, inst: dict) -> None:
    rows, codes_all = [], None
    for it in inst["items"]:
        if not it["ordinal"] or it["id"] not in items.columns:
            continue
        codes = [p["code"] for p in inst["scales"][it["scale"]].get("points", [])]
        codes_all = codes_all or codes
        # the answers as given (before reverse coding): turn reverse items back
        x = items[it["id"]]
        if it.get("reverse"):
            x = min(codes) + max(codes) - x
        share = x.value_counts(normalize=True).reindex(codes, fill_value=0.0)
        rows.append((it["id"], share.to_numpy()))
    if not rows:
        return
    shares = np.array([r[1] for r in rows]) * 100
    fig, ax = plt.subplots(figsize=(9, 0.2 * len(rows) + 1.5))
    left = np.zeros(len(rows))
    colours = plt.cm.RdYlGn(np.linspace(0.1, 0.9, shares.shape[1]))
    for k in range(shares.shape[1]):
        ax.barh(range(len(rows)), shares[:, k], left=left, color=colours[k],
                label=str(codes_all[k]), height=0.8)
        left += shares[:, k]
    ax.set_yticks(range(len(rows)), [r[0] for r in rows], fontsize=6)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("% van de geldige antwoorden")
    ax.legend(ncol=shares.shape[1], loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


# ---------------------------------------------------------------- html


def fmt(x, digits=3) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def write_html(path: Path, figures: dict[str, Path], results: dict, inst: dict,
               n: int, by: str) -> None:
    parts = [f"<!doctype html><html lang='nl'><meta charset='utf-8'>"
             f"<title>{html.escape(inst['id'] or 'rapport')}</title>"
             "<style>body{font-family:sans-serif;max-width:1100px;margin:auto}"
             "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;"
             "padding:2px 6px;text-align:right}img{max-width:100%}</style>"
             f"<h1>{html.escape(inst['id'] or '')}</h1><p>{n} respondenten, naar {by}.</p>"]
    for title, p in figures.items():
        if p.exists():
            b64 = base64.b64encode(p.read_bytes()).decode()
            parts.append(f"<h2>{html.escape(title)}</h2>"
                         f"<img alt='{html.escape(title)}' src='data:image/png;base64,{b64}'>")
    parts.append("<h2>Toetsen per construct</h2><table><tr><th>construct</th><th>F</th>"
                 "<th>p</th><th>Welch F</th><th>p</th><th>Levene F</th><th>p</th>"
                 "<th>H</th><th>p</th></tr>")
    for c in inst["constructs"]:
        r = results.get(c["id"])
        if not r or "anova" not in r:
            continue
        parts.append(
            f"<tr><td style='text-align:left'>{html.escape(c['label'])}</td>"
            f"<td>{fmt(r['anova']['F'], 2)}</td><td>{fmt(r['anova']['p'])}</td>"
            f"<td>{fmt(r['welch']['F'], 2)}</td><td>{fmt(r['welch']['p'])}</td>"
            f"<td>{fmt(r['levene']['F'], 2)}</td><td>{fmt(r['levene']['p'])}</td>"
            f"<td>{fmt(r['kruskal']['H'], 2)}</td><td>{fmt(r['kruskal']['p'])}</td></tr>")
    parts.append("</table>")
    for c in inst["constructs"]:
        r = results.get(c["id"])
        if not r or "tukey" not in r:
            continue
        parts.append(f"<h3>{html.escape(c['label'])}: Tukey HSD, Games–Howell en Bonferroni"
                     "</h3><table><tr><th>a</th><th>b</th><th>verschil</th><th>95%-BI</th>"
                     "<th>Tukey p</th><th>Games–Howell p</th><th>Bonferroni p</th></tr>")
        gh = {frozenset((g["a"], g["b"])): g["p"] for g in r["games_howell"]}
        bf = {frozenset((g["a"], g["b"])): g["p"] for g in r["bonferroni"]}
        for t in r["tukey"]:
            pair = frozenset((t["a"], t["b"]))
            parts.append(f"<tr><td>{html.escape(t['a'])}</td><td>{html.escape(t['b'])}</td>"
                         f"<td>{fmt(t['diff'])}</td><td>{fmt(t['lo'])} – {fmt(t['hi'])}</td>"
                         f"<td>{fmt(t['p'])}</td><td>{fmt(gh.get(pair))}</td>"
                         f"<td>{fmt(bf.get(pair))}</td></tr>")
        parts.append("</table>")
    parts.append("</html>\n")
    path.write_text("".join(parts), encoding="utf-8")


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--instrument", type=Path, required=True)
    ap.add_argument("--responses", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--by", default=None, help="grouping column (default: the actor type)")
    ap.add_argument("--min-group", type=int, default=5)
    args = ap.parse_args(argv)

    inst = load_instrument(args.instrument)
    by = args.by or inst["actor"]
    if by is None:
        print("peer.py: the instrument has no actor-type attribute: give --by COLUMN",
              file=sys.stderr)
        return 2
    df = read_responses(args.responses)
    if by not in df.columns:
        print(f"peer.py: no column {by!r} in {args.responses}", file=sys.stderr)
        return 1
    group = df[by].astype("string").str.strip()
    present = set(group.dropna().unique())
    order = ([g for g in inst["group_order"] if g in present] if by == inst["actor"] else [])
    order += sorted(present - set(order))

    items, scores = score(df, inst)
    results = {}
    kinds = {}
    for c in inst["constructs"]:
        if not c["ordinal"]:
            continue
        for d in c["dimensions"]:
            results[d["id"]] = analyse(scores[d["id"]], group, order, args.min_group, True)
            kinds[d["id"]] = "dimension"
        results[c["id"]] = analyse(scores[c["id"]], group, order, args.min_group, True)
        kinds[c["id"]] = "construct"
    for it in inst["items"]:
        if it["ordinal"] and it["id"] in items.columns:
            results[it["id"]] = analyse(items[it["id"]], group, order, args.min_group, False)
            kinds[it["id"]] = "item"

    args.out.mkdir(parents=True, exist_ok=True)
    constructs = [c for c in inst["constructs"]
                  if c["ordinal"] and results.get(c["id"], {}).get("descriptives")]
    means = pd.DataFrame(
        {d["group"]: pd.Series({c["id"]: next((x["mean"] for x in results[c["id"]]["descriptives"]
                                               if x["group"] == d["group"]), np.nan)
                                for c in constructs})
         for c in constructs for d in results[c["id"]]["descriptives"]})
    labels = [c["label"] for c in constructs]
    figures = {"Gemiddelden per construct en groep": args.out / "heatmap.png",
               "Profiel": args.out / "profiel.png",
               "Gemiddelden met 95%-BI": args.out / "gemiddelden.png",
               "Antwoorden per item": args.out / "items.png"}
    for f in figures.values():
        f.unlink(missing_ok=True)  # a chart with nothing to show is not drawn
    if len(means):
        heatmap(figures["Gemiddelden per construct en groep"], means, labels)
        profile(figures["Profiel"], means, labels)
        means_ci(figures["Gemiddelden met 95%-BI"], results, constructs)
    likert(figures["Antwoorden per item"], items, inst)

    (args.out / "results.json").write_text(json.dumps(
        {"instrument": inst["id"], "by": by, "respondents": int(len(df)), "groups": order,
         "measures": [{"id": m, "kind": kinds[m], **r} for m, r in results.items()]},
        indent=1, ensure_ascii=False), encoding="utf-8")
    write_html(args.out / "index.html", figures, results, inst, len(df), by)
    return 0


if __name__ == "__main__":
    sys.exit(main())
