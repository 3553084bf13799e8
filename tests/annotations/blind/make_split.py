"""Draws the dev/test split of the blind gold set (run once, before any annotation or tuning; output: split.csv).

Strata and pool were fixed first (documents the matcher's rules were never written against, across genres and
eras); within each stratum the test documents are drawn with a fixed seed.  The five documents annotated in
round 1 (tests/annotations/*.yaml) were used to write rules, so they are dev by construction.
"""
import csv
import random
from pathlib import Path

SEED = 20261202
STRATA = {  # stratum: (documents, how many go to test)
    "gwr_national/1950s": (["gwr_1956", "gwr_1960"], 1),
    "gwr_national/1980s": (["gwr_1984", "gwr_1985"], 1),
    "gwr_national/2000s": (["gwr_2004", "gwr_2009"], 1),
    "gwr_national/2020s": (["gwr_2022", "gwr_2025"], 1),
    "gwr_provincial": (["gwr_beijing_2026", "gwr_henan_2026", "gwr_gansu_2026", "gwr_jiangsu_2026",
                        "gwr_shaanxi_2026"], 3),
    "congress_report": (["congress_09th_1969", "congress_13th_1987", "congress_18th_2012",
                         "congress_19th_2017"], 2),
    "communique": (["plenum_communique_1978", "plenum_communique_1993", "plenum_communique_2013",
                    "plenum_communique_2020"], 2),
    # rows of speeches_xi_2020.csv (1-based, as the reader names them); wire copies of another row left out
    "speech": ([f"speeches_xi_2020.{i:02d}" for i in (4, 5, 8, 10, 13, 21, 28, 34, 36, 39)], 5),
}
# Second draw (2026-12-02, before any rule was changed): the first draw's test split held 347 non-borderline
# mentions and 20 clear-cut member lists, short of the 400 and 60 the issue asks for, and 3 communiqué mentions.
# All drawn documents go to test; the pool is every not-yet-annotated document of these genres.
EXTENSION = {
    "gwr_provincial": (["gwr_anhui_2026", "gwr_fujian_2026", "gwr_guangdong_2026", "gwr_guangxi_2026",
                        "gwr_hainan_2026", "gwr_heilongjiang_2026", "gwr_hubei_2026", "gwr_hunan_2026",
                        "gwr_liaoning_2026", "gwr_neimenggu_2026", "gwr_qinghai_2026", "gwr_shandong_2026",
                        "gwr_shanghai_2026", "gwr_shanxi_2026", "gwr_sichuan_2026", "gwr_tianjin_2026",
                        "gwr_xinjiang_2026", "gwr_yunnan_2026", "gwr_zhejiang_2026"], 4),
    "congress_report": (["congress_10th_1973", "congress_11th_1977", "congress_14th_1992", "congress_15th_1997",
                         "congress_17th_2007"], 2),
    "communique": (["plenum_communique_1980", "plenum_communique_1989", "plenum_communique_1996",
                    "plenum_communique_2003", "plenum_communique_2006", "plenum_communique_2008",
                    "plenum_communique_2011", "plenum_communique_2015", "plenum_communique_2019"], 3),
}
# Third draw (2026-12-03, session 6, before this session changed any rule): the test split's provincial member
# lists came mostly from one document (Hainan's notes, 56 of 63), and dev had two provincial reports to learn
# member reading from.  Six more provincial reports are drawn from the not-yet-annotated pool; three of them go
# to test and three to dev, both by seed.
EXTENSION2 = (["gwr_anhui_2026", "gwr_guangdong_2026", "gwr_guangxi_2026", "gwr_hubei_2026", "gwr_hunan_2026",
               "gwr_liaoning_2026", "gwr_qinghai_2026", "gwr_shandong_2026", "gwr_shanghai_2026",
               "gwr_shanxi_2026", "gwr_sichuan_2026", "gwr_tianjin_2026", "gwr_xinjiang_2026", "gwr_yunnan_2026",
               "gwr_zhejiang_2026"], 6, 3)
# Chosen, not drawn (2026-12-03, session 6): gwr_sichuan_2026 goes to dev because it is the one report not yet
# annotated that ends with a glossary (名词解释); every other glossary document was in test, so glossary reading
# could not be checked on dev. Annotated blind like the others; chosen for dev only, never for test.
CHOSEN_DEV = {"gwr_sichuan_2026": "gwr_provincial",  # (and, for the same reason, the 2010 and 2012 national
              "gwr_2010": "gwr_national/2010s",  # reports, whose 注释/附注 sections define labels)
              "gwr_2012": "gwr_national/2010s"}
ROUND1 = ["speech_district_party_secretary_wuxuhui_2020", "gwr_2019", "gwr_guizhou_2026", "congress_20th_2022",
          "gwr_1978"]

if __name__ == "__main__":
    rng = random.Random(SEED)
    rows = []
    for stratum, (docs, k) in STRATA.items():
        test = set(rng.sample(docs, k))
        rows += [(d, stratum, "test" if d in test else "dev", "blind") for d in docs]
    rows += [(d, "round1", "dev", "round1") for d in ROUND1]
    rng2 = random.Random(SEED + 1)
    for stratum, (docs, k) in EXTENSION.items():
        rows += [(d, stratum, "test", "blind") for d in sorted(rng2.sample(docs, k))]
    rng3 = random.Random(SEED + 2)
    pool, k, k_test = EXTENSION2
    drawn = rng3.sample(pool, k)
    test3 = set(rng3.sample(sorted(drawn), k_test))
    rows += [(d, "gwr_provincial", "test" if d in test3 else "dev", "blind") for d in sorted(drawn)]
    rows += [(d, stratum, "dev", "blind") for d, stratum in CHOSEN_DEV.items()]
    with open(Path(__file__).with_name("split.csv"), "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["doc_id", "stratum", "split", "annotation"])
        w.writerows(rows)
