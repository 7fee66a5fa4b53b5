#!/usr/bin/env python3
# Copyright 2026 qnav developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Helpers for bench/run.sh (standard library only).

  bench-results.py export PATTERNS.json DIR
      From `qnav patterns list --json`, write the grep inputs into DIR:
        regexes.txt      the library's regexes, verbatim (GLib/PCRE2 syntax)
        regexes-ere.txt  the same translated to POSIX ERE for grep -E (see translate_ere)
        regexes-pcre.txt one alternation of all of them, for grep -P (one pattern only)
        keywords.txt     the literals qnav's prefilter looks for, for grep -F
        translation.txt  what the ERE translation had to change or give up

  bench-results.py summary OUTDIR
      Read every round's raw results in OUTDIR and print the summary table (median of
      the rounds), also written to OUTDIR/summary.txt and OUTDIR/summary.json.
"""

import glob
import json
import os
import re
import statistics
import sys

# ---- export ---------------------------------------------------------------------------------


def skip_group(regex, i):
    """Index just past the group that opens at regex[i] == '('."""
    depth = 0
    in_class = False
    while i < len(regex):
        c = regex[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            if regex[i + 1:i + 2] == "]":
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def translate_ere(regex):
    """PCRE (as GRegex reads it) to GNU ERE. Returns (ere, notes); ere is None if it cannot be
    expressed. Lookarounds are dropped, which makes the ERE match a superset."""
    out = []
    notes = []
    i = 0
    in_class = False
    while i < len(regex):
        c = regex[i]
        nxt = regex[i + 1:i + 2]
        if c == "\\":
            escape = regex[i:i + 2]
            if escape in ("\\d", "\\D"):
                if in_class:
                    out.append("0-9" if escape == "\\d" else "")
                    if escape == "\\D":
                        return None, ["\\D inside a bracket"]
                else:
                    out.append("[0-9]" if escape == "\\d" else "[^0-9]")
            elif escape == "\\t":
                out.append("\t")
            elif escape in ("\\s", "\\S", "\\w", "\\W", "\\b", "\\B", "\\<", "\\>"):
                if in_class:
                    return None, ["%s inside a bracket" % escape]
                out.append(escape)
            elif nxt and not nxt.isalnum():
                # an escaped punctuation character: literal
                if in_class:
                    out.append("\\\\" if nxt == "\\" else nxt)
                elif nxt in ".[]()*+?{}|^$\\":
                    out.append(escape)
                else:
                    out.append(nxt)
            else:
                return None, ["unsupported escape %s" % escape]
            i += 2
            continue
        if in_class:
            out.append(c)
            if c == "]":
                in_class = False
            i += 1
            continue
        if c == "[":
            in_class = True
            out.append(c)
            i += 1
            if regex[i:i + 1] == "^":
                out.append("^")
                i += 1
            if regex[i:i + 1] == "]":
                out.append("]")
                i += 1
            continue
        if c == "(" and nxt == "?":
            kind = regex[i + 2:i + 3]
            if kind == ":":
                out.append("(")
                i += 3
                continue
            if kind in ("=", "!") or regex[i + 2:i + 4] in ("<=", "<!"):
                notes.append("dropped lookaround %s" % regex[i:skip_group(regex, i)])
                i = skip_group(regex, i)
                continue
            if kind == "i" and regex[i + 3:i + 4] == ")":
                notes.append("dropped (?i): grep runs with -i anyway")
                i += 4
                continue
            return None, ["unsupported group %s" % regex[i:i + 4]]
        if c in "*+?}" and nxt == "?":
            notes.append("lazy quantifier made greedy (same lines match)")
            out.append(c)
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out), notes


def export(patterns_json, directory):
    with open(patterns_json, encoding="utf-8") as f:
        patterns = json.load(f)
    regexes = [p["regex"] for p in patterns]
    keywords = sorted({k for p in patterns for k in p.get("keywords") or []})
    ere = []
    report = []
    for p in patterns:
        translated, notes = translate_ere(p["regex"])
        if translated is None:
            report.append("%s: LEFT OUT of regexes-ere.txt: %s" % (p["id"], "; ".join(notes)))
            continue
        ere.append(translated)
        for note in notes:
            report.append("%s: %s" % (p["id"], note))
    case_sensitive = [p["id"] for p in patterns if p.get("case_sensitive")]
    unfiltered = [p["id"] for p in patterns if not p.get("keywords")]
    with open(os.path.join(directory, "regexes.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(regexes) + "\n")
    with open(os.path.join(directory, "regexes-ere.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(ere) + "\n")
    with open(os.path.join(directory, "regexes-pcre.txt"), "w", encoding="utf-8") as f:
        f.write("|".join("(?:%s)" % r for r in regexes) + "\n")
    with open(os.path.join(directory, "keywords.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(keywords) + "\n")
    with open(os.path.join(directory, "translation.txt"), "w", encoding="utf-8") as f:
        f.write("%d patterns, %d in regexes-ere.txt, %d keywords\n"
                % (len(patterns), len(ere), len(keywords)))
        f.write("case-sensitive patterns (grep runs -i for all): %s\n"
                % (", ".join(case_sensitive) or "none"))
        f.write("patterns without keywords (qnav runs them on every line): %s\n"
                % (", ".join(unfiltered) or "none"))
        f.write("\n".join(report) + ("\n" if report else ""))
    print("%d patterns: %d regexes, %d translated to ERE, %d keywords"
          % (len(patterns), len(regexes), len(ere), len(keywords)))


# ---- summary --------------------------------------------------------------------------------

PYTHON_ANALYZE_US = 10.3
PYTHON_DIAGNOSE_MS = 1200.0  # ~1.2 s, 1.0 s of it psutil.cpu_percent(interval=1)
PYTHON_PLAN_MS = 190.0  # `plan --analysis-file`, measured in the reference (0.19 s)


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def spread(values):
    values = [v for v in values if v is not None]
    if not values:
        return ""
    if len(values) == 1:
        return "(1 round)"
    return "(rounds %s)" % " ".join(fmt(v) for v in values)


def fmt(value, digits=None):
    if value is None:
        return "n/a"
    if digits is None:
        digits = 2 if abs(value) < 100 else 1 if abs(value) < 1000 else 0
    return "%.*f" % (digits, value)


def read_tsv(path):
    rows = {}
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            fields = dict(zip(header, line.rstrip("\n").split("\t")))
            rows[(fields["name"], fields["measure"])] = fields
    return rows


def read_hyperfine(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    result = {}
    for entry in data["results"]:
        name = entry.get("command_name") or entry["command"]
        result[name] = entry
    return result


def read_rss_kib(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if "Maximum resident set size" in line:
                return int(line.rsplit(":", 1)[1])
    return None


def rounds(outdir, pattern):
    return sorted(glob.glob(os.path.join(outdir, pattern)))


def summary(outdir):
    lines = []
    data = {}
    meta = {}
    meta_path = os.path.join(outdir, "meta.json")
    if os.path.exists(meta_path):
        with open(meta_path, encoding="utf-8") as f:
            meta = json.load(f)
    n_rounds = len(rounds(outdir, "analyze-*.tsv"))
    lines.append("qnav benchmarks, %s, %d round(s); every figure is the median of the rounds"
                 % (meta.get("host", "this host"), n_rounds))
    if meta:
        lines.append("commit %s; %s; log %s bytes; grep %s"
                     % (meta.get("commit"), meta.get("cpu"), meta.get("log_bytes"),
                        meta.get("grep")))
    loads = []
    for path in rounds(outdir, "load-*.txt"):
        with open(path, encoding="utf-8") as f:
            loads.append(f.read().split()[0])
    if loads:
        lines.append("1-minute load average at the start of each round: %s (%d CPUs)"
                     % (" ".join(loads), os.cpu_count()))
    lines.append("")

    # analyze
    tables = [read_tsv(p) for p in rounds(outdir, "analyze-*.tsv")]
    if tables:
        lines.append("1. qnav_failure_analyzer_analyze_text(), one short message, embedded "
                     "library (bench-analyze)")
        lines.append("   %-22s %-17s %10s %10s %10s  %s" % ("message", "category", "median µs",
                                                          "p90 µs", "p99 µs", "vs Python 10.3 µs"))
        keys = [k for k in tables[0] if k[1] == "analyze"]
        data["analyze"] = {}
        for key in keys:
            med = median([float(t[key]["median_us"]) for t in tables if key in t])
            p90 = median([float(t[key]["p90_us"]) for t in tables if key in t])
            p99 = median([float(t[key]["p99_us"]) for t in tables if key in t])
            meds = [float(t[key]["median_us"]) for t in tables if key in t]
            data["analyze"][key[0]] = {"median_us": med, "p90_us": p90, "p99_us": p99,
                                       "rounds_median_us": meds, "category": tables[0][key]["note"]}
            lines.append("   %-22s %-17s %10s %10s %10s  %sx %s"
                         % (key[0], tables[0][key]["note"], fmt(med), fmt(p90), fmt(p99),
                            fmt(med / PYTHON_ANALYZE_US), spread(meds)))
        overall = median([v["median_us"] for v in data["analyze"].values()])
        worst = max(v["median_us"] for v in data["analyze"].values())
        data["analyze_overall_median_us"] = overall
        data["analyze_worst_median_us"] = worst
        lines.append("   median over the messages %s µs, worst message %s µs (target ≤ 20 µs: %s)"
                     % (fmt(overall), fmt(worst), "met" if worst <= 20 else
                        "met for the median message only" if overall <= 20 else "NOT met"))
        start = [t.get(("startup", "library+analyzer")) for t in tables]
        start_med = median([float(s["median_us"]) for s in start if s])
        lines.append("   start-up, library + analyzer: %s µs median (%s)"
                     % (fmt(start_med), start[0]["note"] if start[0] else ""))
        data["startup_us"] = start_med
        firsts = {k[0]: median([float(t[k]["median_us"]) for t in tables if k in t])
                  for k in tables[0] if k[1] == "first-analysis"}
        data["first_analysis_us"] = firsts
        lines.append("   first analysis on a fresh library (index + lazy regex compile): "
                     "median %s µs (per message %s … %s)"
                     % (fmt(median(list(firsts.values()))), fmt(min(firsts.values())),
                        fmt(max(firsts.values()))))
        lines.append("")

    # CLI
    cli = [read_hyperfine(p) for p in rounds(outdir, "cli-*.json")]
    if cli:
        lines.append("2. whole process: qnav diagnose --plugin P --error \"libvirtd is not "
                     "running\" (hyperfine -N --warmup 5 --runs 50)")
        lines.append("   %-28s %10s %10s %10s %10s  %s" % ("", "median ms", "mean ms", "min ms",
                                                          "user+sys", "vs Python ~1.2 s"))
        data["cli"] = {}
        targets = {"probes": 30.0, "no-probes": 10.0, "no-probes --no-history": 10.0}
        for name in cli[0]:
            meds = [c[name]["median"] * 1000 for c in cli if name in c]
            mean = median([c[name]["mean"] * 1000 for c in cli if name in c])
            low = median([c[name]["min"] * 1000 for c in cli if name in c])
            cpu = median([(c[name]["user"] + c[name]["system"]) * 1000 for c in cli if name in c])
            med = median(meds)
            data["cli"][name] = {"median_ms": med, "mean_ms": mean, "min_ms": low,
                                 "cpu_ms": cpu, "rounds_median_ms": meds}
            target = targets.get(name)
            verdict = ""
            if target is not None:
                verdict = "  target ≤ %g ms: %s" % (target, "met" if med <= target else "NOT met")
            lines.append("   %-28s %10s %10s %10s %10s  %.0fx faster %s%s"
                         % (name, fmt(med), fmt(mean), fmt(low), fmt(cpu),
                            PYTHON_DIAGNOSE_MS / med, spread(meds), verdict))
        lines.append("")

    # plan
    plans = [read_hyperfine(p) for p in rounds(outdir, "plan-*.json")]
    if plans:
        lines.append("2b. whole process: qnav plan --analysis-file (hyperfine -N --warmup 5 "
                     "--runs 50)")
        lines.append("   %-36s %10s %10s %10s  %s" % ("", "median ms", "min ms", "user+sys",
                                                    "vs Python 0.19 s"))
        data["plan"] = {}
        for name in plans[0]:
            meds = [c[name]["median"] * 1000 for c in plans if name in c]
            med = median(meds)
            low = median([c[name]["min"] * 1000 for c in plans if name in c])
            cpu = median([(c[name]["user"] + c[name]["system"]) * 1000 for c in plans
                          if name in c])
            data["plan"][name] = {"median_ms": med, "min_ms": low, "cpu_ms": cpu,
                                  "rounds_median_ms": meds}
            lines.append("   %-36s %10s %10s %10s  %.0fx faster %s  target ≤ 10 ms: %s"
                         % (name, fmt(med), fmt(low), fmt(cpu), PYTHON_PLAN_MS / med,
                            spread(meds), "met" if med <= 10.0 else "NOT met"))
        lines.append("")

    # log
    logs = [read_hyperfine(p) for p in rounds(outdir, "log-*.json")]
    if logs:
        size = meta.get("log_bytes")
        small = meta.get("small_log_bytes")
        lines.append("3. the %s MB noisy log (hyperfine --warmup 1 --runs 5, page cache warm)"
                     % fmt(size / 1e6 if size else None, 0))
        lines.append("   %-34s %10s %10s %10s  %s" % ("", "median s", "MB/s", "min s",
                                                   "median vs qnav"))
        data["log"] = {}
        qnav_key = next((k for k in logs[0] if k.startswith("qnav")), None)
        qnav_med = median([l[qnav_key]["median"] for l in logs]) if qnav_key else None
        for name in logs[0]:
            meds = [l[name]["median"] for l in logs if name in l]
            med = median(meds)
            nbytes = small if name.endswith("10M") else size
            rate = nbytes / 1e6 / med if nbytes and med else None
            data["log"][name] = {"median_s": med, "mb_per_s": rate, "rounds_median_s": meds}
            ratio = ""
            if qnav_med and name != qnav_key and not name.endswith("10M"):
                ratio = "qnav is %.2fx %s" % (med / qnav_med if med >= qnav_med else
                                              qnav_med / med,
                                              "faster" if med >= qnav_med else "slower")
            low = median([l[name]["min"] for l in logs if name in l])
            data["log"][name]["min_s"] = low
            lines.append("   %-34s %10s %10s %10s  %s %s" % (name, fmt(med, 3), fmt(rate, 0),
                                                           fmt(low, 3), ratio, spread(meds)))
        if qnav_key:
            rate = data["log"][qnav_key]["mb_per_s"]
            best = size / 1e6 / data["log"][qnav_key]["min_s"] if size else None
            lines.append("   qnav throughput %s MB/s median, %s MB/s best run (target ≥ 100 MB/s: %s)"
                         % (fmt(rate, 0), fmt(best, 0),
                            "met" if rate and rate >= 100 else "NOT met"))
        lines.append("")

    # memory
    rss = {}
    names = {"qnav-big": "qnav, the big log", "qnav-10M": "qnav, the 10 MB log",
             "qnav-no-log": "qnav, no log (one message)", "grep-E-big": "grep -E, the big log"}
    for path in rounds(outdir, "rss-*.txt"):
        label = os.path.basename(path)[len("rss-"):].rsplit("-", 1)[0]
        rss.setdefault(label, []).append(read_rss_kib(path))
    if rss:
        lines.append("4. peak RSS, /usr/bin/time -v (maximum resident set size)")
        data["rss_kib"] = {}
        for label in sorted(rss):
            value = median(rss[label])
            data["rss_kib"][label] = value
            lines.append("   %-34s %8s MiB  %s" % (names.get(label, label), fmt(value / 1024 if value else None, 1),
                                                   spread([v / 1024 for v in rss[label] if v])))
        big, little = data["rss_kib"].get("qnav-big"), data["rss_kib"].get("qnav-10M")
        if big and little:
            lines.append("   qnav %s MB log vs 10 MB log: %+.1f MiB (constant memory: %s)"
                         % (fmt(meta.get("log_bytes", 0) / 1e6, 0), (big - little) / 1024,
                            "yes" if big - little < 2048 else "NO, it grows with the input"))
        lines.append("")

    text = "\n".join(lines)
    print(text)
    with open(os.path.join(outdir, "summary.txt"), "w", encoding="utf-8") as f:
        f.write(text + "\n")
    with open(os.path.join(outdir, "summary.json"), "w", encoding="utf-8") as f:
        json.dump({"meta": meta, "results": data}, f, indent=2, default=str)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "export":
        export(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "summary":
        summary(sys.argv[2])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
