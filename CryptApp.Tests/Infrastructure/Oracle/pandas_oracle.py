"""The original system's per-side figures, computed the way it computed them: with pandas.

usage: pandas_oracle.py INPUT OUTPUT
INPUT is a JSON array of L3 bodies ({"bids": [{"px", "qty", "num"}, ...], "asks": [...]}); json.load
turns each number's text into Python's float(). OUTPUT gets, per body and side, every parsed px and
qty and every figure as the int64 bits of its float64, so the caller compares them exactly.
"""
import json
import math
import sys
import warnings

import numpy as np
import pandas as pd


def number(value):
    # Numeric strings are allowed upstream; float() of the text is what Python would make of them.
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def valid(entry):
    # The product's rule (docs/architecture.md, "Figures"): only finite px and qty > 0 describe an order.
    px, qty = number(entry.get("px")), number(entry.get("qty"))
    return px is not None and qty is not None and math.isfinite(px) and px > 0 and math.isfinite(qty) and qty > 0


def bits(x):
    return int(np.float64(x).view(np.int64))


def entry_at(df, i):
    return {"px": bits(df.px[i]), "qty": bits(df.qty[i]), "num": int(df.num[i]), "value": bits(df.value[i])}


def side(entries):
    rows = [{"px": number(e["px"]), "qty": number(e["qty"]), "num": int(e.get("num") or 0)}
            for e in entries or [] if valid(e)]
    if not rows:
        zero = bits(0.0)
        return {"count": 0, "px": [], "qty": [], "total_qty": zero, "total_px": zero, "total_value": zero,
                "average_value": zero, "greater_value": None, "lesser_value": None}
    df = pd.DataFrame(rows)
    df["value"] = df.px * df.qty
    total = df.sum()
    mean = df.mean()
    return {
        "count": len(df),
        "px": df.px.values.view(np.int64).tolist(),
        "qty": df.qty.values.view(np.int64).tolist(),
        "total_qty": bits(total.qty),
        "total_px": bits(total.px),
        "total_value": bits(total.value),
        "average_value": bits(mean.value),
        "greater_value": entry_at(df, df.value.idxmax()),
        "lesser_value": entry_at(df, df.value.idxmin()),
    }


def main(source, target):
    warnings.simplefilter("ignore")
    with open(source, encoding="utf-8") as f:
        books = json.load(f)
    result = [{"bids": side(book.get("bids")), "asks": side(book.get("asks"))} for book in books]
    with open(target, "w", encoding="utf-8") as f:
        json.dump({"pandas": pd.__version__, "numpy": np.__version__, "books": result}, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
