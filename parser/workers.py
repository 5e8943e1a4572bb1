"""What the worker processes of a big sync run: parse a file into rows, spread names to articles.

Each entry point takes and returns plain picklable values, so the main process (which writes
the cache serially) has little but SQL left to do.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import signal
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from .cache import article_row, entity_rows_json
from .model import Article, Page
from .pipeline import SkippedFile, page_from_bytes, read_bytes
from .scan import issue_id_for


def parse_job(path: str, rel: str, tag: bool = True) -> tuple[str, Any, str, int]:
    """Worker-process entry: parse (and tag) one file. Returns (status, page-or-message, sha1, size)."""
    try:
        data = read_bytes(Path(path))
    except SkippedFile as exc:
        return "gone", str(exc), "", 0
    sha1 = hashlib.sha1(data).hexdigest()
    try:
        page = page_from_bytes(data, source=path, rel_path=rel, tag=tag)
    except SkippedFile as exc:
        return "skipped", str(exc), sha1, len(data)
    except (MemoryError, RecursionError, ValueError, TypeError, LookupError, ArithmeticError,
            AttributeError, AssertionError) as exc:
        # A parser or tagger bug on one odd file must not cost the user the rest of the archive:
        # skip the file with a warning naming the error (a fixed parser re-reads it: new fingerprint).
        return "skipped", f"could not be parsed ({type(exc).__name__}: {exc})"[:300], sha1, len(data)
    return "ok", page, sha1, len(data)


@dataclass(frozen=True, slots=True)
class Rows:
    """One parsed page as the rows the cache and the search index store.

    Made in the worker process of a big build: serialising the articles, their entity rows and
    their search rows there leaves the main process, which must write serially, little but SQL
    to run (unpickling a page of dataclasses cost it more than inserting the rows).
    """

    page_json: str
    issue: str
    warnings: tuple[str, ...]
    articles: tuple[tuple[Any, ...], ...]  # cache ``articles`` rows: id, path, ordinal, ..., data
    entities: tuple[str, ...]  # per article: JSON [[type, text, confirmed], ...]
    search: tuple[Any, ...]  # per article: ``search.Prepared``


def article_rows(rel: str, articles: tuple[Article, ...]) -> tuple[tuple[tuple[Any, ...], ...], tuple[str, ...]]:
    return tuple(article_row(a, rel) for a in articles), tuple(entity_rows_json(a) for a in articles)


def rows_of(page: Page, rel: str, search: bool = True) -> Rows:
    """The rows of a parsed page; without ``search`` rows (a staged sync's untagged first step:
    preparing them loads jieba) the ``search`` field is empty."""
    issue = issue_id_for(rel, page.date)
    articles = tuple(replace(a, issue=issue) for a in page.articles)
    head = replace(page, articles=()).to_dict()
    head["articles"] = [a.id for a in articles]
    rows, ents = article_rows(rel, articles)
    if search:
        from .search import prepare

        prepared = tuple(prepare(a) for a in articles)
    else:
        prepared = ()
    return Rows(json.dumps(head, ensure_ascii=False), issue, page.warnings, rows, ents, prepared)


def parse_prepare_job(path: str, rel: str, tag: bool = True) -> tuple[str, Any, str, int]:
    """Parse one file and turn it into rows (in a worker process when the build is big).

    Returns ``parse_job``'s tuple with a :class:`Rows` in place of the page.  With ``tag=False``
    the articles have no entities and there are no search rows: nothing loads jieba.
    """
    result = parse_job(path, rel, tag)
    if result[0] != "ok":
        return result
    try:
        return "ok", rows_of(result[1], rel, search=tag), result[2], result[3]
    except (MemoryError, RecursionError, ValueError, TypeError, LookupError) as exc:
        return "skipped", f"could not be indexed ({type(exc).__name__}: {exc})"[:300], result[2], result[3]


def serve(jobs: BinaryIO, answers: BinaryIO) -> None:
    """A worker process's loop (``python -m parser.workers``, see ``parser.pool``): run each
    pickled ``(function, args)`` that arrives, answer ``("ok", result)`` or ``("error", exception)``.

    The worker leaves Ctrl-C to the parent, which stops the pool and reports it once.  It ends
    when its job pipe closes, which also happens when the parent dies, even of SIGKILL: a
    worker never outlives its parent waiting for work (holding the caller's pipes open).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            fn, args = pickle.load(jobs)
        except EOFError:
            return
        try:
            answer = pickle.dumps(("ok", fn(*args)), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # not swallowed: the parent re-raises it from the job's future
            try:
                answer = pickle.dumps(("error", exc), protocol=pickle.HIGHEST_PROTOCOL)
            except (pickle.PicklingError, TypeError, AttributeError):
                answer = pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
        try:
            answers.write(answer)
            answers.flush()
        except BrokenPipeError:
            return  # the parent is gone (killed, or it stopped the pool): nobody wants the answer


def run_chunk(fn: Callable[..., Any], args: list[tuple[Any, ...]]) -> list[Any]:
    return [fn(*a) for a in args]



_WORKER_STATE: dict[str, Any] = {}


def spread_job(cache_path: str, token: str, names: dict[str, str],
                article_ids: list[str]) -> list[tuple[str, bytes, str]]:
    """Worker-process entry of the name pass: read the articles from the cache, return the changed
    ones.  The connection and the compiled names (``token`` names the set) are kept per worker."""
    from .entities.consistency import trie_regex
    from .entities.spread import spread_rows

    conn = _WORKER_STATE.get(cache_path)
    if conn is None:
        conn = _WORKER_STATE[cache_path] = sqlite3.connect(cache_path, timeout=30)
    pattern = _WORKER_STATE.get(token) if token else None
    if pattern is None:
        pattern = trie_regex(names)
        if token:
            _WORKER_STATE[token] = pattern
    return spread_rows(conn, names, pattern, article_ids)


def main() -> None:
    """Entry of a worker process: jobs on stdin, answers on stdout (see ``parser.pool``)."""
    # The answers get stdout to themselves: whatever a library prints goes to stderr instead.
    jobs, answers = os.fdopen(os.dup(0), "rb"), os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)  # and nothing but this loop reads the jobs
    with jobs, answers:
        serve(jobs, answers)


if __name__ == "__main__":
    # Run under the module's own name, so that the functions the parent pickles as
    # ``parser.workers.<name>`` and this loop share one module (and one _WORKER_STATE).
    from parser.workers import main as _main

    _main()
