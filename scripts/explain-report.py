#!/usr/bin/env python3
"""The report of scripts/explain: each page's statements with their times (from the
server's sqlx log), the heaviest statements with their plans, and every plan that reads
all of `supervision_sessions`. Exits 1 if any plan does.

    explain-report.py ENGINE URL SERVER_LOG MARKS TOP [POSTGRES_LOG]
"""
import json
import re
import subprocess
import sys

engine, url, server_log, marks_file, top = sys.argv[1:6]
pg_log = sys.argv[6] if len(sys.argv) > 6 else ""
top = int(top)
BIG = "supervision_sessions"


def statements(lines):
    out = []
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        f = entry.get("fields", {})
        if "db.statement" in f:
            out.append((f["db.statement"].strip(), float(f.get("elapsed_secs", 0)) * 1000))
    return out


log = open(server_log).read().splitlines()
marks = [l.rsplit("|", 1) for l in open(marks_file).read().splitlines()]
pages = []
for (name, start), (_, end) in zip(marks[0::2], marks[1::2]):
    pages.append((name, statements(log[int(start):int(end)])))


def squeeze(sql):
    return re.sub(r"\s+", "", sql).rstrip(";").lower()


def sqlite_plan(sql):
    path = re.sub(r"^sqlite://", "", url).split("?")[0]
    r = subprocess.run(["sqlite3", "-readonly", path, "EXPLAIN QUERY PLAN " + sql],
                       capture_output=True, text=True)
    return (r.stdout or r.stderr).rstrip()


def sqlite_full_scans(sql, plan):
    if BIG not in sql:
        return []
    names = {BIG} | set(re.findall(BIG + r"\s+(?:AS\s+)?(\w+)", sql, re.I)) - {
        "on", "where", "join", "left", "group", "order", "and", "union"}
    return [l.strip() for l in plan.splitlines()
            if re.search(r"\bSCAN (" + "|".join(map(re.escape, names)) + r")\b", l)]


def pg_entries():
    """auto_explain's entries in the server log: (query text squeezed, plan JSON)."""
    out, current = [], None
    for line in open(pg_log, errors="replace").read().splitlines():
        if "plan:" in line and "duration:" in line:
            if current is not None:
                out.append(current)
            current = []
        elif current is not None and line.startswith("\t"):
            current.append(line[1:])
        elif current is not None:
            out.append(current)
            current = None
    if current:
        out.append(current)
    parsed = []
    for lines in out:
        try:
            d = json.loads("\n".join(lines))
        except ValueError:
            continue
        parsed.append((squeeze(d.get("Query Text", "")), d["Plan"]))
    return parsed


def pg_text(node, depth=0):
    label = node["Node Type"]
    if "Relation Name" in node:
        label += f" on {node['Relation Name']}"
    if "Index Name" in node:
        label += f" using {node['Index Name']}"
    extra = [f"{k.lower()}: {node[k]}" for k in ("Index Cond", "Filter", "Hash Cond") if k in node]
    rows = node.get("Actual Rows")
    lines = ["  " * depth + f"-> {label} (rows={rows}, loops={node.get('Actual Loops')})"
             + (f" [{'; '.join(extra)}]" if extra else "")]
    for child in node.get("Plans", []):
        lines += pg_text(child, depth + 1)
    return lines


def pg_full_scans(node):
    found = []
    if node["Node Type"] == "Seq Scan" and node.get("Relation Name") == BIG:
        found.append(f"Seq Scan on {BIG} (rows={node.get('Actual Rows')})")
    for child in node.get("Plans", []):
        found += pg_full_scans(child)
    return found


pg = pg_entries() if engine == "postgres" else []


def plan_of(sql):
    """The plan as text and the full scans of the big table in it."""
    if engine == "sqlite":
        plan = sqlite_plan(sql)
        return plan, sqlite_full_scans(sql, plan)
    key = squeeze(sql)
    for k, node in pg:
        if k == key:
            return "\n".join(pg_text(node)), pg_full_scans(node)
    return "(no plan logged: auto_explain found no statement with this text)", []


print(f"\nStatements per page ({engine}, one request, no report results kept):")
print(f"{'page':<34} {'statements':>10} {'their ms':>9}")
everything = []
for name, stmts in pages:
    print(f"{name:<34} {len(stmts):>10} {sum(ms for _, ms in stmts):>9.2f}")
    everything += [(ms, name, sql) for sql, ms in stmts]

print(f"\nThe {top} heaviest statements, with their plans:")
for ms, name, sql in sorted(everything, reverse=True)[:top]:
    plan, _ = plan_of(sql)
    print(f"\n--- {ms:.2f} ms, {name}")
    print(re.sub(r"\s+", " ", sql)[:600])
    print(plan)

scans = []
seen = set()
unplanned = 0
for ms, name, sql in everything:
    if sql in seen:
        continue
    seen.add(sql)
    plan, full = plan_of(sql)
    unplanned += plan.startswith("(no plan logged")
    scans += [(name, ms, f, sql) for f in full]
print(f"\nPlans found for {len(seen) - unplanned} of {len(seen)} distinct statements.")
print(f"Plans reading the whole of {BIG}: {len(scans)}")
for name, ms, f, sql in scans:
    flat = re.sub(r"\s+", " ", sql)[:300]
    print(f"  {name}, {ms:.2f} ms: {f}\n    {flat}")
sys.exit(1 if scans or unplanned else 0)
