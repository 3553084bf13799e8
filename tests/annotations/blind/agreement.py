"""Inter-annotator agreement on the documents annotated twice (gold/DOC.yaml vs agreement/DOC.b.yaml).

Prints, per document and pooled: mentions each, exact-span agreement (F1 = 2|A∩B| / (|A|+|B|)), agreement on
the borderline flag and on the member lists of the spans both annotated, and Cohen's kappa of the
borderline flag over the shared spans.
"""
from __future__ import annotations

from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def load(path: Path) -> dict[tuple[int, int], dict]:
    d = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {(m["start"], m["end"]): m for m in d["mentions"] or []}


def kappa(pairs: list[tuple[bool, bool]]) -> float:
    n = len(pairs)
    if not n:
        return float("nan")
    po = sum(a == b for a, b in pairs) / n
    pa, pb = sum(a for a, _ in pairs) / n, sum(b for _, b in pairs) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


def main() -> None:
    tot = {"a": 0, "b": 0, "both": 0, "border_same": 0, "mem_both": 0, "mem_same": 0, "core_a": 0, "core_b": 0,
           "core_both": 0}
    flags: list[tuple[bool, bool]] = []
    for b_path in sorted((HERE / "agreement").glob("*.b.yaml")):
        doc = b_path.name[: -len(".b.yaml")]
        a, b = load(HERE / "gold" / f"{doc}.yaml"), load(b_path)
        both = set(a) & set(b)
        core_a = {s for s, m in a.items() if not m.get("borderline")}
        core_b = {s for s, m in b.items() if not m.get("borderline")}
        mem = [s for s in both if a[s].get("members") is not None or b[s].get("members") is not None]
        same_mem = sum(a[s].get("members") == b[s].get("members") for s in mem)
        border_same = sum(bool(a[s].get("borderline")) == bool(b[s].get("borderline")) for s in both)
        flags += [(bool(a[s].get("borderline")), bool(b[s].get("borderline"))) for s in both]
        f1 = 2 * len(both) / (len(a) + len(b)) if a or b else 1.0
        core_f1 = 2 * len(core_a & core_b) / (len(core_a) + len(core_b)) if core_a or core_b else 1.0
        print(f"{doc}: A {len(a)} B {len(b)} same span {len(both)} (F1 {f1:.3f}; non-borderline F1 {core_f1:.3f}); "
              f"borderline flag same {border_same}/{len(both)}; members same {same_mem}/{len(mem)}")
        for s in sorted(set(a) ^ set(b)):
            who = "A only" if s in a else "B only"
            print(f"    {who}: {s} {(a.get(s) or b.get(s))['surface']}")
        for k, v in (("a", len(a)), ("b", len(b)), ("both", len(both)), ("border_same", border_same),
                     ("mem_both", len(mem)), ("mem_same", same_mem), ("core_a", len(core_a)),
                     ("core_b", len(core_b)), ("core_both", len(core_a & core_b))):
            tot[k] += v
    print(f"pooled: span F1 {2 * tot['both'] / (tot['a'] + tot['b']):.3f} ({tot['both']} shared of {tot['a']} + "
          f"{tot['b']}); non-borderline span F1 {2 * tot['core_both'] / (tot['core_a'] + tot['core_b']):.3f}; "
          f"borderline kappa {kappa(flags):.3f}; members same {tot['mem_same']}/{tot['mem_both']}")


if __name__ == "__main__":
    main()
