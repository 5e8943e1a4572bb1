"""An archive: a folder of page files, its issues and articles, backed by the cache.

Opening an archive scans the folder (recursively, ``.txt`` and ``.md``), re-parses only files
whose size, mtime and content hash changed, and then builds the light in-memory view (issues
and headlines) from the cache.  Article bodies stay in SQLite until someone asks for one, which
is what lets a 100,000-article archive open in about a second and fit in a few hundred MB.

The folder itself is never written to.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import Cache, CacheError, brief, cache_file_for, is_damage
from .model import Article, EntityCount, Headline, Issue
from .pipeline import SkippedFile
from .scan import issue_id_for
from .sync import Check, Progress, SyncStats, look, sync_cache
from .view import (
    HeadlineIndex,
    ViewLoader,
    ViewState,
    current_view,
    gc_paused,
    load_view,
    patch_view,
    saved_issue_counts,
    saved_issues,
)

if TYPE_CHECKING:
    from .entities import EntityStat
    from .search import Hit, SearchIndex


class ArchiveError(Exception):
    """The archive cannot be opened; the message is one line for the user."""


#: Seconds between two views of a long sync's progress (``Archive.sync(partial=...)``): making
#: one costs the issues the new files are in, showing it redraws the lists.
PARTIAL_EVERY = 10.0


def sample_path() -> Path:
    """The bundled sample archive (two Wujin Daily front pages), wherever kanbao is installed."""
    import sample_data

    return Path(sample_data.__file__).parent



class Archive:
    """Issues and articles of one folder.  Thread-safe: the TUI reads it from worker threads."""

    def __init__(self, root: Path, cache: Cache, issues: tuple[Issue, ...], warnings: tuple[str, ...],
                 new_warnings: tuple[str, ...], stats: SyncStats):
        self.root = root
        self.cache = cache
        self.new_warnings = new_warnings
        self.stats = stats
        self._lock = threading.RLock()
        self._search: Any = None
        self._view_gen: int | None = None  # the cache generation the view in memory was made from
        self._later: list[str] = []  # warnings found after opening (a damaged row re-read)
        self.warm_search = True  # see ``open``
        self.later_names = False  # see ``open``
        self._set_view(lambda _cache: (issues, []), warnings)

    def _set_view(self, load: ViewLoader, warnings: tuple[str, ...]) -> None:
        """Install a view, decoded when first needed: ``kanbao search`` or ``show`` never need
        the 100,000 headlines, and decoding them is half a second."""
        self._load, self._warnings_now, self._state = load, warnings, None

    def _view(self) -> ViewState:
        state = self._state
        if state is None:
            with self._lock:
                if self._state is None:
                    with gc_paused():
                        try:
                            issues, skipped = self._load(self.cache)
                        except (sqlite3.DatabaseError, ValueError) as exc:
                            if not is_damage(exc):
                                raise
                            # Garbled bytes in the saved view and in the rows it was made from:
                            # set the cache aside and rebuild it from the folder, as opening would.
                            self._refresh(self.cache.reopen_damaged(exc), None, None)
                            issues, skipped = self._load(self.cache)
                        self._state = ViewState(issues, tuple(f"{self.root / p}: {m}; skipped" for p, m in skipped))
                state = self._state
        return state

    def _index(self) -> HeadlineIndex:
        """The archive-wide headline index.  Building it decodes every issue; an issue whose
        saved bytes and table rows are both garbled is damage found late: the cache is set aside
        and rebuilt, as opening does when it finds damage."""
        try:
            return self._view().index()
        except (sqlite3.DatabaseError, ValueError) as exc:
            if not is_damage(exc):
                raise
            with self._lock:
                self._refresh(self.cache.reopen_damaged(exc), None, None)
            return self._view().index()

    @property
    def issues(self) -> tuple[Issue, ...]:
        return self._view().issues

    @property
    def headlines(self) -> tuple[Headline, ...]:
        """Every article's headline, issue by issue (decodes every issue: ``issues`` and
        ``headline`` do not need this)."""
        return self._index().headlines

    @property
    def article_count(self) -> int:
        """How many articles the view holds, counted without decoding any issue."""
        return sum(i.article_count for i in self._view().issues)

    @property
    def warnings(self) -> tuple[str, ...]:
        """One line per skipped or damaged file (and per cache problem) of this archive."""
        return tuple(dict.fromkeys([*self._warnings_now, *self._view().skipped, *self._later]))

    @property
    def _by_id(self) -> dict[str, Headline]:
        return self._index().by_id

    def reading_order(self) -> tuple[dict[str, int], dict[str, int]]:
        """(position, issue index) of every article: its place in :attr:`headlines` and the
        index of its issue in :attr:`issues`.

        Read from the tables, not from the headlines: those are every issue decoded, 1.2 GB
        and 5 s at a million articles, for the entities view's order and sparklines.  The order
        is the view's: issues as listed, then pages by number (unnumbered last) and file, then
        articles by position on the page.
        """
        state = self._view()
        if state.indexed:  # (decoded already: the same numbers for free)
            position = state.index().position
            at = {h.id: n for n, i in enumerate(state.issues) for h in i.headlines}
            return position, at
        issue_at = {i.id: n for n, i in enumerate(state.issues)}
        with self._lock:
            keyed = _reading_keys(self.cache.article_pages(), issue_at)
        return {k[5]: p for p, k in enumerate(keyed)}, {k[5]: k[0] for k in keyed}

    @property
    def _issues_by_id(self) -> dict[str, Issue]:
        return self._view().issues_by_id

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path | None = None, *, cache_dir: Path | None = None,
             progress: Progress | None = None, in_memory: bool = False,
             workers: int | None = None, sync: bool = True, check: Check = "full",
             warm_search: bool = True, later_names: bool = False) -> Archive:
        """Open the archive at ``path`` (default: the bundled sample), updating its cache.

        ``check="full"`` stats every file (seeing any change); ``check="quick"`` trusts the cache
        for folders whose mtime did not change, while its last full check is recent
        (``parser.sync.FULL_CHECK_INTERVAL``): what the headless commands use.
        ``warm_search=False`` (a one-shot command) builds no search lookup tables in the
        background for later queries (``SearchIndex.warm``).
        ``later_names=True`` (a command for pipes) leaves looking for names this update confirmed
        for the first time in the articles stored before it to the next sync without it (see
        ``sync_cache``): the search filters find those names at once, the older articles'
        entity lists gain them then.
        With ``sync=False`` the folder is not read: the archive is what the cache saw last
        (a fraction of a second even for 100,000 articles, which lets the TUI paint at once),
        and :meth:`sync` brings it up to date.  Raises :class:`ArchiveError` with a one-line
        message when the folder cannot be used.
        """
        root = Path(path).expanduser() if path is not None else sample_path()
        if not root.exists():
            raise ArchiveError(f"archive not found: {root}")
        if not root.is_dir():
            raise ArchiveError(f"archive is not a folder: {root}")
        if not os.access(root, os.R_OK | os.X_OK):
            raise ArchiveError(f"archive is not readable: {root}")
        root = root.resolve()
        try:
            cache = Cache.open(None if in_memory else cache_file_for(root, cache_dir))
        except CacheError as exc:
            raise ArchiveError(str(exc)) from exc
        archive = cls(root, cache, (), (), (), SyncStats())
        archive.warm_search = warm_search
        archive.later_names = later_names
        if not sync:
            try:
                view = load_view(cache)
            except (sqlite3.DatabaseError, ValueError):
                pass  # a damaged cache: the full open below sets it aside
            else:
                assert view is not None
                archive._set_view(view[0], tuple(cache.warnings))
                archive._view_gen = view[1]
                return archive
        archive._refresh(cache, progress, workers, check)
        return archive

    def sync(self, progress: Progress | None = None, workers: int | None = None,
             check: Check = "full", staged: Callable[[], None] | None = None,
             partial: Callable[[], None] | None = None) -> SyncStats:
        """Read the folder again: parse what changed, then show the new issues and headlines.

        Runs on a connection of its own, so readers of this archive (the TUI's panes) are not
        held up while files are parsed; the new view replaces the old one at the end.

        With ``staged``, a few changed files (``sync.STAGED_MAX``) are first stored parsed but
        untagged and made this archive's view, then ``staged()`` is called (in this thread)
        before they are tagged: a reader can show their headlines and text at once, and their
        entities (highlights, entity search) when ``sync`` returns.  The final cache is the same.

        With ``partial``, a long sync (a first build: minutes, or half an hour at a million
        articles) makes what it has written so far this archive's view every ``PARTIAL_EVERY``
        seconds and calls ``partial()`` (in this thread): its issues can be read, and searched
        in Chinese, while the rest is indexed.
        """
        if self.cache.path is None:
            return self._refresh(self.cache, progress, workers, check, staged, partial)
        try:
            cache = Cache.open(self.cache.path)
        except CacheError as exc:
            raise ArchiveError(str(exc)) from exc
        return self._refresh(cache, progress, workers, check, staged, partial)

    def _refresh(self, cache: Cache, progress: Progress | None, workers: int | None,
                 check: Check = "full", staged: Callable[[], None] | None = None,
                 partial: Callable[[], None] | None = None) -> SyncStats:
        def first_view() -> None:  # between two transactions of the sync, on its connection
            view = load_view(cache)
            assert view is not None
            with self._lock:
                load, self._view_gen = view
                self._set_view(load, self._warnings_now)
            assert staged is not None
            staged()

        pending: set[str] = set()
        shown: list[Any] = []  # [(issues, skipped) last shown, when it was made]

        def written(paths: list[str]) -> None:  # between two transactions of the sync, on its connection
            pending.update(paths)
            if shown and time.monotonic() - shown[1] < PARTIAL_EVERY:
                return
            # the first time: the saved view patched for every file changed since (this batch too)
            made = patch_view(cache, shown[0], pending) if shown else current_view(cache)
            pending.clear()
            shown[:] = [made, time.monotonic()]
            with self._lock:
                self._set_view(lambda _cache: made, self._warnings_now)
                self._view_gen = -1  # no saved generation: the final view is made again
            assert partial is not None
            partial()

        for attempt in range(2):
            try:
                with gc_paused():
                    found = look(cache, self.root, check if attempt == 0 else "full")
                scan_warnings = found.warnings
                new_warnings = list(cache.warnings) + scan_warnings
                stats, search_index = sync_cache(cache, self.root, found, progress, new_warnings, workers,
                                                 first_view if staged is not None else None,
                                                 written if partial is not None else None, self.later_names)
                del found  # a file list of a million entries: not kept while the view is made
                # Unchanged since the view in memory (same file, nothing written): keep it.
                view = load_view(cache, self._view_gen if attempt == 0 and cache.path == self.cache.path else None)
                break
            except (sqlite3.DatabaseError, ValueError) as exc:
                if attempt or not is_damage(exc):
                    if cache is not self.cache:
                        cache.close()
                    raise ArchiveError(f"cannot use cache {cache.path or ':memory:'}: {brief(exc)}") from exc
                cache = cache.reopen_damaged(exc)  # damage in a row that quick_check cannot see
            except BaseException:
                if cache is not self.cache:  # e.g. Ctrl-C, or a ``staged`` callback that raised
                    cache.close()
                raise
        with self._lock:
            old, self.cache = self.cache, cache
            if view is not None:
                load, self._view_gen = view
                self._set_view(load, tuple(dict.fromkeys([*cache.warnings, *scan_warnings])))
            else:
                self._warnings_now = tuple(dict.fromkeys([*self._warnings_now, *cache.warnings, *scan_warnings]))
            self.new_warnings = tuple(dict.fromkeys(new_warnings))
            self.stats = stats
            self._search = search_index  # already loaded while indexing: don't load it twice
            if search_index is not None:
                search_index.warm = self.warm_search
            if old is not cache:
                old.close()
        return stats

    def close(self) -> None:
        with self._lock:
            self.cache.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- lookups -------------------------------------------------------------------------
    def headline(self, article_id: str) -> Headline:
        """The headline of ``article_id`` (KeyError if the view has none).  Until something
        needed every headline, found through its issue: the cache says which file and date the
        article has, and only that issue is decoded."""
        state = self._view()
        if state.indexed:
            return state.index().by_id[article_id]
        with self._lock:
            place = self.cache.article_place(article_id)
        issue = state.issues_by_id.get(issue_id_for(*place)) if place is not None else None
        found = next((h for h in issue.headlines if h.id == article_id), None) if issue is not None else None
        if found is None:
            raise KeyError(article_id)
        return found

    def resolve(self, ref: str) -> str:
        """The article id that ``ref`` names: an exact id or a unique prefix.

        Raises KeyError (no such article) or ValueError (prefix matches several).
        """
        ref = ref.strip().lower()
        with self._lock:  # the articles table, not the view: ``kanbao show`` never decodes it
            matches = self.cache.ids_from(ref) if ref else []
        if ref in matches:
            return ref
        if not matches:
            raise KeyError(ref)
        if len(matches) > 1:
            raise ValueError(f"{ref!r} matches {len(matches)} articles: {', '.join(sorted(matches)[:5])}")
        return matches[0]

    def article(self, article_id: str) -> Article:
        """The full article with its body, loaded from the cache."""
        with self._lock:
            try:
                data = self.cache.article_data(article_id)
            except (sqlite3.DatabaseError, ValueError) as exc:
                if not is_damage(exc):
                    raise
                return self._repair(article_id, exc)
        if data is None:
            raise KeyError(article_id)
        return Article.from_dict(data)

    def _repair(self, article_id: str, exc: BaseException) -> Article:
        """Re-read an article whose cache row is damaged from its page file, and store it again.

        Bytes garbled inside a body pass the structural check at open and only fail here; the
        archive is the truth, so the article is parsed again rather than lost.  (Its entities
        miss the archive-wide consistency pass until the next full re-index.)
        """
        from .pipeline import read_page

        head = self._by_id.get(article_id)
        if head is None:
            raise KeyError(article_id) from exc
        try:
            page = read_page(self.root / head.source, rel_path=head.source).page
        except SkippedFile as err:
            raise KeyError(article_id) from err
        fresh = next((a for a in page.articles if a.ordinal == head.ordinal), None)
        if fresh is None:
            raise KeyError(article_id) from exc
        article = replace(fresh, id=article_id, issue=head.issue)
        try:
            with self.cache.transaction():
                self.cache.put_articles(head.source, [article])
        except sqlite3.DatabaseError:
            pass  # still damaged or busy: the article is shown anyway, and re-read next time
        self._later.append(f"cache entry of article {article_id} was damaged ({brief(exc)}); "
                                         f"re-read from {self.root / head.source}")
        return article

    def has_files(self) -> bool:
        """True if the cache knows any page file of the archive (even a skipped one); cheap."""
        with self._lock:
            return self.cache.conn.execute("SELECT 1 FROM files LIMIT 1").fetchone() is not None

    def issue(self, ref: str) -> Issue:
        """An issue by id (date or file stem) or a unique prefix of one."""
        with self._lock:  # ``kanbao list ISSUE``: from the saved view, decoding that issue only
            saved = saved_issues(self.cache, self._view_gen, ref) if self._state is None else None
        if saved is not None:
            matches = saved
        elif ref in self._issues_by_id:
            return self._issues_by_id[ref]
        else:
            matches = [i for k, i in self._issues_by_id.items() if k.startswith(ref)] if ref else []
        if not matches:
            raise KeyError(ref)
        if len(matches) > 1:
            raise ValueError(f"{ref!r} matches {len(matches)} issues: {', '.join(sorted(i.id for i in matches)[:5])}")
        return matches[0]

    def issue_counts(self) -> list[tuple[str, str | None, int, int]]:
        """(id, date, printed pages, articles) of every issue, in order: from the saved view
        without decoding any issue's headlines when the view is not loaded (``kanbao issues``
        on a million articles decoded 200,000 issues for four columns)."""
        with self._lock:
            saved = saved_issue_counts(self.cache, self._view_gen) if self._state is None else None
        if saved is not None:
            return saved
        return [(i.id, i.date, i.page_count, i.article_count) for i in self.issues]

    def entity_index(self, type: str | None = None, positions: Mapping[str, int] | None = None) -> list[EntityStat]:
        """Entities of the archive with the articles naming them, most mentioned first (each
        one's articles in reading order: ``positions`` when the caller has them from
        :meth:`reading_order`, which costs seconds at a million articles).  Every mention's
        article id: for the few entities a screen shows, :meth:`entity_counts` and
        :meth:`entity_articles` cost a fraction of this."""
        with self._lock:
            rows = self.cache.entity_rows(type)
            confirmed = self.cache.confirmed_names() if type in (None, "person") else {}
        pos = _Positions(positions if positions is not None else self.reading_order()[0])
        from .entities import EntityStat  # the tagger's module is heavy to import; only this needs it

        stats = []
        for (t, text), members in _entity_groups(rows, confirmed).items():
            ids = {i for row in members for i in row[3].split()}
            stats.append(EntityStat(text, t, len(ids), tuple(sorted(ids, key=pos.__getitem__))))
        stats.sort(key=lambda s: (-s.count, s.type, s.text))
        return stats

    def entity_counts(self, type: str | None = None) -> list[EntityCount]:
        """The entities of :meth:`entity_index` with their counts only, in the same order.

        A million articles hold some 22 million mentions; this reads the index of entity texts
        once and counts in SQLite (seconds), where listing every mention's article took the
        entities view 50 s and 2.7 GB."""
        with self._lock:
            rows = self.cache.entity_counts(type)
            confirmed = self.cache.confirmed_names() if type in (None, "person") else {}
            out = []
            for (t, text), members in _entity_groups(rows, confirmed).items():
                variants = tuple(row[1] for row in members)
                count = members[0][2] if len(members) == 1 else self.cache.entity_article_count(t, variants)
                out.append(EntityCount(text, t, count, variants))
        out.sort(key=lambda s: (-s.count, s.type, s.text))
        return out

    def entity_articles(self, entity: EntityCount) -> tuple[str, ...]:
        """The ids of the articles naming ``entity``, in reading order (:meth:`reading_order`,
        found for these articles only)."""
        issue_at = {i.id: n for n, i in enumerate(self.issues)}
        with self._lock:
            rows = self.cache.entity_article_pages(entity.type, entity.variants)
        return tuple(k[5] for k in _reading_keys(rows, issue_at))

    def entity_issues(self, entity: EntityCount, sample: int = -1) -> list[str]:
        """The issue of each article naming ``entity`` (for a sparkline of when it was news);
        with ``sample``, of at most that many of them, chosen uniformly (by hashed id)."""
        with self._lock:
            rows = self.cache.entity_article_pages(entity.type, entity.variants, sample)
        return [issue_id_for(path, date) for _id, path, _ordinal, date, _number in rows]

    # -- search --------------------------------------------------------------------------
    def search(self, query: str, limit: int = 20, read_ids: Any = None,
               bookmarked_ids: Any = None) -> list[Hit]:
        """Articles matching ``query`` best first (see ``parser.search``)."""
        with self._lock:
            return self._search_index().search(query, limit, read_ids=read_ids, bookmarked_ids=bookmarked_ids)

    def refresh_search(self) -> bool:
        """Bring a big search vocabulary up to date after an update (``SearchIndex.refresh_vocab``:
        seconds at a million articles, while searches go on with the old one); True when it was
        rebuilt.  A long-lived reader calls it in the background, ``kanbao index`` at its end."""
        with self._lock:
            index = self._search_index()
        return index.refresh_vocab()

    def _search_index(self) -> SearchIndex:
        if self._search is None:
            from .search import SearchIndex

            SearchIndex.ensure_schema(self.cache.conn)
            self._search = SearchIndex(self.cache.conn, warm=self.warm_search)
        return self._search


def _reading_keys(rows: Iterable[tuple[str, str, int, str | None, int | None]],
                  issue_at: Mapping[str, int]) -> list[tuple[int, bool, int, str, int, str]]:
    """Sort keys of articles given as (id, file, ordinal, page date, page number), sorted:
    issues as listed, then pages by number (unnumbered last) and file, then position on the
    page.  An article whose issue the view does not list is left out."""
    keyed = []
    for ident, path, ordinal, date, number in rows:
        n = issue_at.get(issue_id_for(path, date))
        if n is not None:
            keyed.append((n, number is None, number or 0, path, ordinal, ident))
    keyed.sort()
    return keyed


def _entity_groups(rows: Iterable[tuple[Any, ...]], confirmed: Mapping[str, str],
                   ) -> dict[tuple[str, str], list[tuple[Any, ...]]]:
    """Rows starting (type, text) grouped by the entry a list shows them as, dropping those
    no list should show.

    A division's short and full names are one place (绍兴 = 绍兴市), shown by its full name.
    A single character (李 of 老李, 华 of 访华) stays highlighted in the text but says nothing
    in a list of the archive's people and places.  A listed person must be shaped like a name
    unless a strong pattern confirmed it somewhere: precision first where a reader looks first
    (``entities.shape``)."""
    from .entities.divisions import full_name
    from .entities.shape import name_shaped

    groups: dict[tuple[str, str], list[tuple[Any, ...]]] = {}
    for row in rows:
        t, text = row[0], row[1]
        if len(text) < 2:
            continue
        if t == "person" and confirmed.get(text) != "person" and not name_shaped(text):
            continue
        groups.setdefault((t, full_name(text) if t == "place" else text), []).append(row)
    return groups


class _Positions(dict[str, int]):
    """Positions in reading order; -1 for an article the view does not list.  Looked up by
    ``dict.__getitem__`` in C: a Python key function per mention was a third of ``kanbao
    entities`` at a million articles."""

    def __missing__(self, key: str) -> int:
        return -1
