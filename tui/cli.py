"""The ``kanbao`` command: the TUI when run bare, headless commands for pipes otherwise.

Exit codes (documented in the README): 0 ok, 1 nothing matched, 2 bad input (unknown id,
missing archive, bad option), 130 interrupted.  A closed pipe (``| head``) ends quietly.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, NoReturn

from parser import __version__
from parser.archive import Archive, ArchiveError, SyncStats
from parser.sync import Check

from .cmd_search import add_search_arguments, run_search
from .cmd_tag import add_entities_arguments, add_tag_arguments, run_entities, run_tag
from .config import ConfigError, load_config
from .output import (
    EXIT_BAD_INPUT,
    EXIT_NO_MATCH,
    EXIT_OK,
    json_line,
    plural,
    render_markdown,
    render_text,
    safe_text,
    use_colour,
    warn,
)


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not a usage dump
        print(f"kanbao: {message} (see kanbao --help)", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def _common(p: argparse.ArgumentParser, top: bool) -> None:
    # On subcommands the defaults are SUPPRESSed so `kanbao --archive X list` keeps X.
    default = None if top else argparse.SUPPRESS
    p.add_argument("--archive", metavar="PATH", default=default,
                   help="archive folder (default: $KANBAO_ARCHIVE, else archive = in config.toml, "
                        "else the bundled sample)")
    p.add_argument("--cache-dir", metavar="DIR", default=default,
                   help="cache folder (default: $KANBAO_CACHE_DIR, else the user cache dir)")
    p.add_argument("--check", action="store_true", default=False if top else argparse.SUPPRESS,
                   help="check every file for changes first, as kanbao index does (default: only "
                        "folders whose mtime changed, and every file once an hour)")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="kanbao", description="看报 — read archives of Chinese newspapers in the terminal.")
    p.add_argument("--version", action="version", version=f"kanbao {__version__}")
    _common(p, top=True)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def cmd(name: str, help_: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_, description=help_)
        _common(sp, top=False)
        return sp

    sp = cmd("issues", "list the issues (days) of the archive")
    sp.add_argument("--json", action="store_true", help="JSON Lines")
    sp = cmd("list", "list articles in reading order (all, or of one issue)")
    sp.add_argument("issue", nargs="?", help="issue id (date or file name) or a unique prefix")
    sp.add_argument("--json", action="store_true", help="JSON Lines")
    sp = cmd("show", "print one article")
    sp.add_argument("id", help="article id (or a unique prefix)")
    sp.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    sp.add_argument("--color", "--colour", choices=("auto", "always", "never"), default="auto")
    sp = cmd("parse", "parse page files directly (no archive, no cache)")
    sp.add_argument("files", nargs="+", metavar="FILE")
    sp.add_argument("--json", action="store_true", help="JSON Lines, one page per line (page.schema.json)")
    sp.add_argument("--no-entities", action="store_true", help="skip entity tagging")
    sp = cmd("index", "build or update the archive's cache and search index")
    sp.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary")
    sp = cmd("tag", "tag people, places and organisations in plain text, line by line")
    add_tag_arguments(sp)
    sp = cmd("entities", "the archive's people, places and organisations, most mentioned first")
    add_entities_arguments(sp)
    sp = cmd("search", "search the archive (Chinese, pinyin, initials, fuzzy)")
    add_search_arguments(sp)
    return p


# -- archive access ----------------------------------------------------------------------------
def archive_path(args: argparse.Namespace) -> Path | None:
    """The archive to open, the same for every command and the TUI: ``--archive`` ›
    ``$KANBAO_ARCHIVE`` › ``archive =`` in config.toml › None (the bundled sample)."""
    value = getattr(args, "archive", None) or os.environ.get("KANBAO_ARCHIVE")
    if value:
        return Path(value).expanduser()
    try:
        return load_config().archive
    except ConfigError as exc:
        raise UsageError(str(exc)) from exc


def cache_dir(args: argparse.Namespace) -> Path | None:
    value = getattr(args, "cache_dir", None)
    return Path(value) if value else None


def open_archive(args: argparse.Namespace, *, show_progress: bool | None = None,
                 quiet: bool = False, full_check: bool = False, all_names: bool = False) -> Archive:
    """Open the archive the options name, with a progress bar on a terminal's stderr.

    A quick check of the folder unless ``full_check`` or ``--check`` (README, "Command line").
    A quick check leaves names an update confirmed for the first time to be looked for in older
    articles by the next full check, unless ``all_names`` (a command that lists entities).
    """
    if show_progress is None:
        show_progress = sys.stderr.isatty() and not quiet
    check: Check = "full" if full_check or getattr(args, "check", False) else "quick"
    later_names = check == "quick" and not all_names
    try:
        if show_progress:
            archive = _open_with_bar(args, check, later_names)
        else:
            archive = Archive.open(archive_path(args), cache_dir=cache_dir(args), check=check, warm_search=False,
                                   later_names=later_names)
    except ArchiveError as exc:
        raise UsageError(str(exc)) from exc
    for w in archive.new_warnings:
        warn(w)
    if archive.stats.files == 0 and (archive.stats.full_check or not archive.has_files()):
        warn(f"no page files found in {archive.root}")  # (a quick check counts changed folders' files)
    return archive


def _open_with_bar(args: argparse.Namespace, check: Check, later_names: bool) -> Archive:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    with Progress(TextColumn("[bold]indexing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  TextColumn("{task.fields[what]}", markup=False), console=console,
                  transient=True) as bar:
        task = bar.add_task("index", total=None, what="", visible=False)

        def progress(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total, what=safe_text(what)[-50:], visible=total > 0)

        return Archive.open(archive_path(args), cache_dir=cache_dir(args), progress=progress, check=check,
                            warm_search=False, later_names=later_names)


# -- commands ----------------------------------------------------------------------------------
def cmd_issues(args: argparse.Namespace, out: IO[str]) -> int:
    archive = open_archive(args)
    if args.json:  # (page numbers and sources: every issue decoded)
        for issue in archive.issues:
            json_line(issue.to_dict(), out)
        return EXIT_OK if archive.issues else EXIT_NO_MATCH
    counts = archive.issue_counts()
    for ident, date, pages, articles in counts:
        out.write(f"{safe_text(ident)}\t{date or '-'}\t{plural(pages, 'page')}\t{plural(articles, 'article')}\n")
    return EXIT_OK if counts else EXIT_NO_MATCH


def cmd_list(args: argparse.Namespace, out: IO[str]) -> int:
    archive = open_archive(args)
    if args.issue:
        try:
            headlines = archive.issue(args.issue).headlines
        except KeyError as exc:
            raise UsageError(f"no issue {args.issue!r} (see kanbao issues)") from exc
        except ValueError as exc:
            raise UsageError(str(exc)) from exc
    else:
        headlines = archive.headlines
    for h in headlines:
        if args.json:
            json_line(h.to_dict(), out)
        else:
            title = h.headline + (f" {h.subheadline}" if h.subheadline else "")
            out.write(f"{h.id}\t{safe_text(h.date or h.issue)}\t{h.page_number or '-'}\t{safe_text(title)}\n")
    return EXIT_OK if headlines else EXIT_NO_MATCH


def cmd_show(args: argparse.Namespace, out: IO[str]) -> int:
    archive = open_archive(args)
    try:
        article = archive.article(archive.resolve(args.id))
    except KeyError as exc:
        raise UsageError(f"no article with id {args.id!r} (see kanbao list)") from exc
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    if args.format == "json":
        json_line(article.to_dict(), out)
    elif args.format == "markdown":
        out.write(render_markdown(article))
    else:
        out.write(render_text(article, colour=use_colour(args.color, out)))
    return EXIT_OK


def cmd_parse(args: argparse.Namespace, out: IO[str]) -> int:
    from parser.pipeline import SkippedFile, read_page

    pages = []
    status = EXIT_OK
    for name in args.files:
        path = Path(name)
        try:
            if not path.is_file():
                raise SkippedFile("no such file" if not path.exists() else "not a file")
            pages.append(read_page(path, rel_path=path.name, source=name, tag=not args.no_entities).page)
        except SkippedFile as exc:
            warn(f"{name}: {exc}; skipped")
            status = EXIT_BAD_INPUT
    if not args.no_entities and len(pages) > 1:
        pages = _consistent_entities(pages)
    for page in pages:
        if args.json:
            json_line(page.to_dict(), out)
        else:
            out.write(f"{safe_text(page.source)}\t{page.date or '-'}\tpage {page.page_number or '-'}\t"
                      f"{plural(len(page.articles), 'article')}\n")
            for a in page.articles:
                out.write(f"  {a.id}\t{a.kind}\t{safe_text(a.headline)}\n")
    if not pages and status == EXIT_OK:
        status = EXIT_NO_MATCH
    return status


def _consistent_entities(pages: list) -> list:
    """Apply the tagger's archive-wide consistency across all pages given on the command line."""
    from dataclasses import replace

    from parser.entities import tag_articles

    tagged = iter(tag_articles([a for p in pages for a in p.articles]))
    return [replace(p, articles=tuple(next(tagged) for _ in p.articles)) for p in pages]


def cmd_index(args: argparse.Namespace, out: IO[str]) -> int:
    archive = open_archive(args, quiet=args.quiet, full_check=True)
    s: SyncStats = archive.stats
    if archive.refresh_search() and not args.quiet:  # (only a big vocabulary the update left behind)
        print("kanbao: search vocabulary brought up to date", file=sys.stderr)
    if not args.quiet:
        print(f"kanbao: {plural(s.files, 'file')}: {s.parsed} parsed, {s.unchanged} unchanged, "
              f"{s.skipped} skipped, {s.removed} removed; {plural(len(archive.issues), 'issue')}, "
              f"{plural(archive.article_count, 'article')}", file=sys.stderr)
    return EXIT_OK


def cmd_tag(args: argparse.Namespace, out: IO[str]) -> int:
    return run_tag(args, out)


def cmd_entities(args: argparse.Namespace, out: IO[str]) -> int:
    return run_entities(args, open_archive(args, all_names=True), out)


def cmd_search(args: argparse.Namespace, out: IO[str]) -> int:
    return run_search(args, open_archive(args), out)


COMMANDS: dict[str, Callable[[argparse.Namespace, IO[str]], int]] = {
    "issues": cmd_issues, "list": cmd_list, "show": cmd_show, "parse": cmd_parse, "index": cmd_index,
    "tag": cmd_tag, "entities": cmd_entities, "search": cmd_search,
}


def run_tui(args: argparse.Namespace) -> int:
    from .app import run_app

    path = archive_path(args)
    if path is not None and not path.is_dir():
        raise UsageError(f"archive not found: {path}" if not path.exists() else f"archive is not a folder: {path}")
    return run_app(path, cache_dir=cache_dir(args)) or EXIT_OK


def _quiet_libraries() -> None:
    """jieba logs its dictionary loading to stderr at DEBUG (and resets its level on import).

    stderr is for kanbao's own one-line notices, so drop the library's chatter below WARNING.
    """
    import logging

    logger = logging.getLogger("jieba")
    if not any(getattr(f, "kanbao", False) for f in logger.filters):
        def keep(record: logging.LogRecord) -> bool:
            return record.levelno >= logging.WARNING

        keep.kanbao = True  # type: ignore[attr-defined]
        logger.addFilter(keep)


def main(argv: Sequence[str] | None = None) -> int:
    _quiet_libraries()
    args = build_parser().parse_args(argv)
    out = sys.stdout
    try:
        if args.command is None:
            code = run_tui(args)
        else:
            code = COMMANDS[args.command](args, out)
            out.flush()
    except UsageError as exc:
        warn(str(exc))
        code = EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, and keep Python from complaining at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_OK
    except KeyboardInterrupt:
        print("kanbao: interrupted", file=sys.stderr)
        code = 130
    return code


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    entry()
