"""Train the entity CRF (``parser/entities/data/ner.crfsuite``) and score it on a held-out split.

    .venv/bin/python benchmarks/train_ner.py TRAIN.bio [--dev DEV.bio] [--c1 F] [--c2 F]
        [--no-rules] [--out PATH] [--iterations N]

TRAIN.bio / DEV.bio are character-level BIO gold beside a .txt of the same name (one sentence a
line), e.g. ``../shared/eval/ner/peoples_daily_test.bio``.  Features come from
:func:`parser.entities.sequence.char_features` over the rule tagger's segmentation and spans, so
training and tagging see the same thing.  The dev split is for choosing between models (feature
sets, regularisation), never for tuning rules; the script prints exact-span P/R/F1 per type.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from parser.entities import sequence  # noqa: E402
from parser.entities.lexicon import get_lexicon  # noqa: E402
from parser.entities.tagger import rule_spans  # noqa: E402

TYPES = ("person", "place", "org")


def _read(bio: Path) -> tuple[list[str], list[list[str]]]:
    texts = bio.with_suffix(".txt").read_text(encoding="utf-8").splitlines()
    tags = [ln.split() for ln in bio.read_text(encoding="utf-8").splitlines()]
    if len(texts) != len(tags):
        raise SystemExit(f"{bio}: {len(tags)} tag lines for {len(texts)} text lines")
    return texts, tags


def featurize(texts: list[str], use_rules: bool = True) -> list[list[tuple[str, ...]]]:
    lex = get_lexicon()
    out = []
    for text in texts:
        words, pos, found = rule_spans(text)
        if not words:  # no Han character: the tagger never runs the model there
            words, pos = list(text), ["x"] * len(text)
        spans = [(s.start, s.end, s.type, s.strength) for s in found] if use_rules else []
        out.append(sequence.char_features(text, words, pos, spans, lex))
    return out


def score(gold: list[list[str]], pred: list[list[str]]) -> dict[str, tuple[float, float, float]]:
    res = {}
    for t in TYPES:
        tp = npred = ngold = 0
        for g, p in zip(gold, pred, strict=True):
            gs = {s for s in sequence.labels_to_spans(g) if s[2] == t}
            ps = {s for s in sequence.labels_to_spans(p) if s[2] == t}
            tp += len(gs & ps)
            npred += len(ps)
            ngold += len(gs)
        pr = tp / npred if npred else 0.0
        rc = tp / ngold if ngold else 0.0
        res[t] = (pr, rc, 2 * pr * rc / (pr + rc) if pr + rc else 0.0)
    return res


def _show(name: str, res: dict[str, tuple[float, float, float]]) -> None:
    cells = "  ".join(f"{t} {f:.3f} (P {p:.3f} R {r:.3f})" for t, (p, r, f) in res.items())
    print(f"{name}: {cells}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("train", type=Path)
    ap.add_argument("--dev", type=Path)
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=400)
    ap.add_argument("--min-freq", type=float, default=1.0, help="drop features seen fewer times")
    ap.add_argument("--no-rules", action="store_true", help="leave the rule tagger's labels out")
    ap.add_argument("--drop", default="", help="comma-separated feature prefixes to leave out (ablation)")
    ap.add_argument("--algorithm", default="lbfgs", help="crfsuite training algorithm (lbfgs, ap, pa, l2sgd)")
    ap.add_argument("--folds", type=int, default=0,
                    help="also score K-fold cross-validation on TRAIN (the honest score on the tuned set)")
    ap.add_argument("--out", type=Path, default=sequence.MODEL_PATH)
    args = ap.parse_args()

    import pycrfsuite

    texts, gold = _read(args.train)
    t0 = time.perf_counter()
    xs = _drop(featurize(texts, not args.no_rules), args.drop)
    print(f"features for {len(xs)} sentences in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    params: dict[str, object] = {"max_iterations": args.iterations, "feature.minfreq": args.min_freq,
                                  "feature.possible_transitions": True}
    if args.algorithm == "lbfgs":
        params.update(c1=args.c1, c2=args.c2)
    if args.folds > 1:
        pred: list[list[str]] = [[] for _ in xs]
        for k in range(args.folds):
            fold_path = args.out.with_suffix(f".fold{k}")
            _train([x for i, x in enumerate(xs) if i % args.folds != k],
                   [y for i, y in enumerate(gold) if i % args.folds != k], args.algorithm, params, fold_path)
            fold_tagger = pycrfsuite.Tagger()
            fold_tagger.open(str(fold_path))
            for i in range(k, len(xs), args.folds):
                pred[i] = fold_tagger.tag(xs[i])
            fold_tagger.close()
            fold_path.unlink()
        _show(f"train, {args.folds}-fold cross-validation", score(gold, pred))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    _train(xs, gold, args.algorithm, params, args.out)
    print(f"trained in {time.perf_counter() - t0:.1f} s → {args.out} ({args.out.stat().st_size // 1024} KiB)",
          file=sys.stderr)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(args.out))
    _show("train", score(gold, [tagger.tag(x) for x in xs]))
    if args.dev:
        dtexts, dgold = _read(args.dev)
        dxs = _drop(featurize(dtexts, not args.no_rules), args.drop)
        _show("dev", score(dgold, [tagger.tag(x) for x in dxs]))
        if not args.no_rules:
            rule = [_rule_labels(t) for t in dtexts]
            _show("dev, rules alone", score(dgold, rule))


def _train(xs: list[list[tuple[str, ...]]], ys: list[list[str]], algorithm: str, params: dict[str, object],
           out: Path) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(algorithm=algorithm, verbose=False)
    for x, y in zip(xs, ys, strict=True):
        if len(x) != len(y):
            raise SystemExit(f"length mismatch: {len(x)} chars, {len(y)} tags")
        trainer.append(x, y)
    trainer.set_params(params)
    trainer.train(str(out))


def _drop(xs: list[list[tuple[str, ...]]], prefixes: str) -> list[list[tuple[str, ...]]]:
    """Leave out features by name prefix (an ablation; a prefix matches up to a feature's value)."""
    if not prefixes:
        return xs
    names = ("c", "g", "p", "n", "bp", "bn", "w", "r")
    keep = [i for i, name in enumerate(names) if name not in prefixes.split(",")]
    return [[tuple(f[i] for i in keep) for f in x] for x in xs]


def _rule_labels(text: str) -> list[str]:
    labels = ["O"] * len(text)
    code = {"person": "PER", "place": "LOC", "org": "ORG"}
    for s in rule_spans(text)[2]:
        labels[s.start] = "B-" + code[s.type]
        for j in range(s.start + 1, s.end):
            labels[j] = "I-" + code[s.type]
    return labels


if __name__ == "__main__":
    main()
