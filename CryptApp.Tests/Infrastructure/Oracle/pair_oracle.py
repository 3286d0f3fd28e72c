"""The cross-venue pair figures, computed independently of CryptApp in plain Python floats.

Input: a JSON list of cases {venues: [{exchange, stale, bids: [[px, qty], ...], asks}], side, notional},
numbers as round-trip strings. Output: per case every figure as the int64 bits of its float64 (null
where undefined), so the test compares bit for bit. Definitions: README, "Pairs".
"""
import json
import struct
import sys


def bits(x):
    return None if x is None else struct.unpack('<q', struct.pack('<d', x))[0]


def total(venues, side, keep):
    s = 0.0
    for v in venues:
        for px, qty in v[side]:
            if keep(px):
                s += px * qty
    return s


def venue_figures(v):
    bids, asks = v['bids'], v['asks']
    if not bids or not asks:
        return [bits(bids[0][0]) if bids else None, bits(asks[0][0]) if asks else None, None, None, None, None]
    b, a = bids[0][0], asks[0][0]
    mid = (b + a) / 2
    return [bits(b), bits(a), bits(mid), bits((a - b) / mid * 10000),
            bits(total([v], 'bids', lambda px: px >= mid * 0.98)),
            bits(total([v], 'asks', lambda px: px <= mid * 1.02))]


def best(fresh, side):
    found = None
    for v in fresh:
        if v[side]:
            px, qty = v[side][0]
            if found is None or (px > found[1] if side == 'bids' else px < found[1]):
                found = (v['exchange'], px, qty)
    return found


def case(c):
    venues = [dict(v, bids=[[float(p), float(q)] for p, q in v['bids']], asks=[[float(p), float(q)] for p, q in v['asks']])
              for v in c['venues']]
    fresh = [v for v in venues if not v['stale']]
    bb, ba = best(fresh, 'bids'), best(fresh, 'asks')
    mids = sorted((v['bids'][0][0] + v['asks'][0][0]) / 2 for v in fresh if v['bids'] and v['asks'])
    if mids:
        n = len(mids)
        median = mids[n // 2] if n % 2 == 1 else (mids[n // 2 - 1] + mids[n // 2]) / 2
        dispersion = (mids[-1] - mids[0]) / median * 10000
    else:
        dispersion = None
    out = {
        'venues': [venue_figures(v) for v in venues],
        'bestBid': None if bb is None else [bb[0], bits(bb[1]), bits(bb[2])],
        'bestAsk': None if ba is None else [ba[0], bits(ba[1]), bits(ba[2])],
        'midDispersionBps': bits(dispersion),
        'costUp': None if ba is None else bits(total(fresh, 'asks', lambda px: px < ba[1] * 1.02)),
        'costDown': None if bb is None else bits(total(fresh, 'bids', lambda px: px > bb[1] * 0.98)),
        'crossVenueSpreadBps': None, 'depth': None, 'slippage': None,
    }
    if bb is None or ba is None:
        return out
    mid = (bb[1] + ba[1]) / 2
    out['crossVenueSpreadBps'] = bits((ba[1] - bb[1]) / mid * 10000)
    out['depth'] = [bits(total(fresh, 'bids', lambda px, x=x: px >= mid * (1 - x / 100))) for x in (1.0, 2.0, 5.0)] + \
                   [bits(total(fresh, 'asks', lambda px, x=x: px <= mid * (1 + x / 100))) for x in (1.0, 2.0, 5.0)]

    # Route the notional by best price across fresh venues; a tie keeps venue order (a stable sort).
    buy = c['side'] == 'Buy'
    notional = float(c['notional'])
    levels = [(px, i, v['exchange'], qty) for i, v in enumerate(fresh) for px, qty in (v['asks'] if buy else v['bids'])]
    levels.sort(key=lambda l: (l[0] if buy else -l[0], l[1]))
    filled = qty_total = 0.0
    for px, _, _, qty in levels:
        if filled >= notional:
            break
        take = min(notional - filled, px * qty)
        filled += take
        qty_total += take / px
    vwap = filled / qty_total if filled >= notional * (1 - 1e-12) else None
    out['slippage'] = [bits(filled), bits(qty_total), bits(vwap), None if vwap is None else bits((vwap - mid) / mid * 10000)]
    return out


def main():
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    with open(sys.argv[2], 'w') as f:
        json.dump([case(c) for c in cases], f)


main()
