import sys, json, os
sys.path.insert(0, '/work/shared/tools')
import nab_scorer as ns
nab = '/work/shared/data/nab'
W = json.load(open(nab + '/labels/combined_windows.json'))
out = open('/tmp/detect/files.txt', 'w')
for d, _, names in sorted(os.walk(nab + '/data')):
    for n in sorted(names):
        if not n.endswith('.csv'): continue
        p = os.path.join(d, n); key = os.path.relpath(p, nab + '/data')
        rows = ns.load_series(p)
        ts = [ns.parse_ts(r['timestamp']) for r in rows]
        fs = ns.FileScorer(ts, [(ns.parse_ts(a), ns.parse_ts(b)) for a, b in W[key]])
        base = n[:-4]
        with open('/tmp/detect/' + base + '.score', 'w') as f:
            f.write('%d %d\n' % (fs.n, int(fs.prob)))
            for i in range(fs.n):
                f.write('%s %r %s %s\n' % (-1 if fs.wid[i] is None else fs.wid[i], fs.unw[i], rows[i]['value'], int(ts[i].timestamp())))
        out.write('%s %s\n' % (key, base))
