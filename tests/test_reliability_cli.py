"""The command line under hostile text, closed pipes and bad input.

Article text is data: escape sequences in a page (a title-setting OSC, a clipboard-writing OSC 52,
screen-clearing CSI, BEL, one-byte C1 controls) must never reach the terminal raw, and text that
looks like Rich markup is shown as written.  JSON keeps the original text, escaped.  Everything
runs the real ``kanbao`` entry point in a subprocess, on archives built in a temp folder.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from archive_fixtures import write_archive

from tui.cli import main

REPO = Path(__file__).resolve().parent.parent

# Invented page.  The filler paragraphs keep control characters rare enough that the decoder
# reads the file as text (as a real page with a few stray escapes would be).
FILLER = "\n\n".join(f"第{n}段介绍展品和开放时间，欢迎市民前来参观。" * 3 for n in range(1, 9))
HOSTILE_PAGE = (
    "西岭日报\n2024年5月6日 星期一\n第2版 科技\n\n"
    "# 西岭[bold red]科技馆[/]开放\x1b[31m\n\n"
    "本报讯（记者 陈立）西岭科技馆\x1b]0;pwned\x07今天开放\x1b]52;c;ZXZpbA==\x1b\\，\x9b2J展出机器人\x07。\x08\n\n"
    "第二段文字\x1b[2J，介绍[link=http://example.invalid]展品[/link]。\x1bP1;2q\x1b\\\x7f\n\n"
    f"{FILLER}\n"
)
HOSTILE_NAME = "\x1b]0;owned\x07报纸\x1b[5m.txt"
# Our own colours are SGR sequences with these parameters; anything else came from the data.
OWN_SGR = re.compile(r"\x1b\[(?:0|1|2|3|32|33|36)m")
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def kanbao(*argv: str, stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *argv], capture_output=True, text=True, cwd=REPO,
                          input=stdin, timeout=timeout, env={**os.environ, "PYTHONWARNINGS": "ignore"})


def shell(pipeline: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``kanbao …`` in a shell pipeline (``kanbao`` expands to this interpreter's ``-m tui``)."""
    cmd = pipeline.replace("kanbao", f"{sys.executable} -m tui")
    return subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, cwd=REPO, timeout=timeout,
                          encoding="utf-8", errors="replace")  # `head -c` may cut a character


def assert_terminal_safe(text: str, coloured: bool = False) -> None:
    if coloured:
        text = OWN_SGR.sub("", text)
    assert not RAW_CONTROL.search(text), repr(RAW_CONTROL.findall(text))


def assert_quiet(stderr: str) -> None:
    for word in ("Traceback", "Exception", "Error", "BrokenPipe"):
        assert word not in stderr, stderr


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(archive, cache dir): built and indexed once for the module, only read by the tests."""
    base = tmp_path_factory.mktemp("hostile")
    root = write_archive(base / "papers")
    (root / "hostile.txt").write_text(HOSTILE_PAGE, encoding="utf-8")
    (root / HOSTILE_NAME).write_text("# 南湖新闻\n\n南湖今天天气晴朗，市民出游。\n", encoding="utf-8")
    (root / ("\x1b[2J坏" + ".txt")).write_bytes(b"\x00\x01binary")  # a bad file whose name is hostile
    cache = base / "cache"
    indexed = kanbao("index", "--archive", str(root), "--cache-dir", str(cache))
    assert indexed.returncode == 0, indexed.stderr
    assert "坏.txt" in indexed.stderr
    assert_terminal_safe(indexed.stderr)  # the warning names the hostile bad file, made safe
    return root, cache


def run(capsys: pytest.CaptureFixture[str], hostile: tuple[Path, Path], *argv: str) -> tuple[int, str, str]:
    """``kanbao ARGV`` in this process against the hostile archive: (exit code, stdout, stderr)."""
    root, cache = hostile
    code = main([*argv, "--archive", str(root), "--cache-dir", str(cache)])
    out, err = capsys.readouterr()
    return code, out, err


def hostile_id(capsys: pytest.CaptureFixture[str], hostile: tuple[Path, Path]) -> str:
    _, out, err = run(capsys, hostile, "list", "--json")
    found = [r["id"] for r in map(json.loads, out.splitlines()) if "科技馆" in r["headline"]]
    assert len(found) == 1, err
    return found[0]


def test_list_and_issues_never_print_escapes(capsys: pytest.CaptureFixture[str],
                                            hostile: tuple[Path, Path]) -> None:
    for argv in (["list"], ["issues"]):
        code, out, err = run(capsys, hostile, *argv)
        assert code == 0
        assert_terminal_safe(out)
        assert_terminal_safe(err)
    listed = run(capsys, hostile, "list")[1]
    assert "西岭[bold red]科技馆[/]开放" in listed  # markup-like text is shown as written
    assert "报纸" in listed  # the undated page named by a hostile file name is listed, safely


@pytest.mark.parametrize("options", [[], ["--color", "always"], ["--color", "never"],
                                     ["--format", "markdown"], ["--format", "markdown", "--color", "always"]])
def test_show_never_prints_escapes_whatever_the_options(capsys: pytest.CaptureFixture[str],
                                                        hostile: tuple[Path, Path], options: list[str]) -> None:
    code, out, err = run(capsys, hostile, "show", hostile_id(capsys, hostile), *options)
    assert code == 0, err
    assert_terminal_safe(out, coloured="always" in options)
    assert "今天开放" in out and "展出机器人" in out  # the text around them stays
    if "markdown" not in options:
        assert "[bold red]科技馆[/]" in out
        assert "[link=http://example.invalid]展品[/link]" in out


def test_show_through_the_entry_point_is_safe(hostile: tuple[Path, Path]) -> None:
    """The same through ``python -m tui``, in case anything outside ``main`` prints."""
    root, cache = hostile
    listed = kanbao("list", "--archive", str(root), "--cache-dir", str(cache))
    ident = next(line.split("\t")[0] for line in listed.stdout.splitlines() if "科技馆" in line)
    shown = kanbao("show", ident, "--color", "always", "--archive", str(root), "--cache-dir", str(cache))
    assert shown.returncode == 0 and "今天开放" in shown.stdout
    assert_terminal_safe(shown.stdout, coloured=True)
    assert_terminal_safe(listed.stdout)


def test_json_keeps_the_original_text_escaped(capsys: pytest.CaptureFixture[str],
                                              hostile: tuple[Path, Path]) -> None:
    code, out, _ = run(capsys, hostile, "show", hostile_id(capsys, hostile), "--format", "json")
    assert code == 0
    assert_terminal_safe(out)  # every control character is a \u escape in the JSON text
    article = json.loads(out)
    body = "\n".join(article["paragraphs"])
    for original in ("\x1b]0;pwned\x07", "\x1b]52;c;ZXZpbA==\x1b\\", "\x9b2J", "\x1b[2J"):
        assert original in body, original
    assert "[bold red]科技馆[/]" in article["headline"]
    listed = run(capsys, hostile, "list", "--json")[1]
    assert_terminal_safe(listed)
    assert any(json.loads(line)["source"] == HOSTILE_NAME for line in listed.splitlines())


def test_parse_output_is_safe(capsys: pytest.CaptureFixture[str], hostile: tuple[Path, Path]) -> None:
    root = hostile[0]
    assert main(["parse", str(root / "hostile.txt"), str(root / HOSTILE_NAME), "--no-entities"]) == 0
    out = capsys.readouterr().out
    assert_terminal_safe(out)
    assert "西岭[bold red]科技馆[/]开放" in out
    assert main(["parse", str(root / "hostile.txt"), "--json", "--no-entities"]) == 0
    out = capsys.readouterr().out
    assert_terminal_safe(out)
    paragraphs = [para for article in json.loads(out)["articles"] for para in article["paragraphs"]]
    assert any("\x1b]0;pwned\x07" in para for para in paragraphs)


def test_search_and_tag_output_is_safe(capsys: pytest.CaptureFixture[str], hostile: tuple[Path, Path]) -> None:
    pytest.importorskip("tui.cmd_search")
    code, out, _ = run(capsys, hostile, "search", "科技馆")
    assert code == 0 and "科技馆" in out
    assert_terminal_safe(out)
    pytest.importorskip("tui.cmd_tag")
    # Enough plain text around the escapes that the input still counts as text, not binary.
    line = "陈立\x1b]0;x\x07来到西岭科技馆\x1b[2J参观。" + "市民在科技馆里参观机器人展览。" * 8
    tagged = kanbao("tag", stdin=line + "\n")
    assert tagged.returncode == 0
    assert_terminal_safe(tagged.stdout)


# -- pipes -------------------------------------------------------------------------------------------
@pytest.fixture
def big(tmp_path: Path) -> Path:
    """Output far beyond a pipe's buffer (64 KiB), so the reader really goes away mid-write."""
    root = tmp_path / "big"
    root.mkdir()
    long_para = "长篇报道的正文内容，" * 20_000  # ~600 KB as UTF-8
    (root / "long.txt").write_text(f"# 一篇很长的报道\n\n{long_para}\n", encoding="utf-8")
    many = "\n".join(f"# 第{n}条简讯标题\n\n简讯正文第{n}条。\n" for n in range(4000))
    (root / "many.txt").write_text(many, encoding="utf-8")
    assert kanbao("index", "--archive", str(root)).returncode == 0
    return root


def test_closed_pipes_end_quietly(big: Path) -> None:
    listed = kanbao("list", "--archive", str(big))
    assert len(listed.stdout.encode()) > 2 * 65536
    long_id = next(line.split("\t")[0] for line in listed.stdout.splitlines() if "很长的报道" in line)
    for pipeline in (f"kanbao show {long_id} --archive {big} | head -c 5",
                     f"kanbao show {long_id} --archive {big} --format json | head -c 5",
                     f"kanbao list --archive {big} | head -1",
                     f"kanbao list --archive {big} --json | head -1"):
        result = shell(f"set -o pipefail; {pipeline}")
        assert result.returncode == 0, (pipeline, result.stderr)
        assert result.stdout and len(result.stdout.splitlines()) == 1
        assert_quiet(result.stderr)


# -- errors and exit codes -------------------------------------------------------------------------
def one_line(code: int, out: str, err: str, expected: int = 2) -> str:
    assert code == expected, (code, err)
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kanbao"), err
    return lines[0]


def in_process(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``kanbao ARGV`` via ``main``; argparse's own errors arrive as SystemExit."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_bad_input_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = write_archive(tmp_path / "papers")
    (tmp_path / "a-file.txt").write_text("x")
    result = kanbao("show", "zzzzzzz", "--archive", str(root))  # once through the real entry point
    assert "zzzzzzz" in one_line(result.returncode, result.stdout, result.stderr)
    checks = [
        (["list", "--archive", str(tmp_path / "missing")], "not found"),
        (["show", "abc", "--archive", str(tmp_path / "missing")], "not found"),
        (["issues", "--archive", str(tmp_path / "a-file.txt")], "not a folder"),
        (["list", "--no-such-option", "--archive", str(root)], "no-such-option"),
        (["no-such-command"], "no-such-command"),
        (["show", "--format", "pdf", "abc", "--archive", str(root)], "pdf"),
        (["list", "1999-01-01", "--archive", str(root)], "1999-01-01"),
        (["parse", str(tmp_path / "none.txt")], "none.txt"),
    ]
    for argv, word in checks:
        assert word in one_line(*in_process(capsys, *argv)), argv


def test_ambiguous_prefix_is_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = tmp_path / "many"
    root.mkdir()
    (root / "p.txt").write_text("\n".join(f"# 标题{n}\n\n正文{n}。\n" for n in range(200)), encoding="utf-8")
    _, out, _ = in_process(capsys, "list", "--archive", str(root))
    ids = [line.split("\t")[0] for line in out.splitlines()]
    first = max({i[0] for i in ids}, key=lambda c: sum(i.startswith(c) for i in ids))
    assert sum(i.startswith(first) for i in ids) > 1
    assert "matches" in one_line(*in_process(capsys, "show", first, "--archive", str(root)))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their mode")
def test_unreadable_archive_is_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = write_archive(tmp_path / "papers")
    root.chmod(0)
    try:
        assert "not readable" in one_line(*in_process(capsys, "list", "--archive", str(root)))
    finally:
        root.chmod(0o755)


def test_nothing_to_list_or_find_is_exit_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for argv in (["list"], ["issues"]):
        code, out, _ = in_process(capsys, *argv, "--archive", str(empty))
        assert code == 1 and out == ""
    pytest.importorskip("tui.cmd_search")
    root = write_archive(tmp_path / "papers")
    code, out, _ = in_process(capsys, "search", "量子计算机", "--archive", str(root))
    assert code == 1 and out == ""


def test_index_and_check_see_an_edit_in_place_that_quick_commands_trust(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The headless commands check folder mtimes only; ``--check`` and ``kanbao index`` stat every file."""
    import time

    from parser import sync

    root = write_archive(tmp_path / "papers")
    for folder in (root, root / "2024"):
        os.utime(folder, (time.time() - 3600, time.time() - 3600))
    monkeypatch.setattr(sync, "wall_clock", lambda: time.time() + 10)  # no folder is racy
    opts = ["--archive", str(root)]
    assert main(["index", "-q", *opts]) == 0
    page = root / "2024" / "b-page2.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("东山图书馆", "东山档案馆"), encoding="utf-8")
    capsys.readouterr()
    assert main(["search", "档案馆", *opts]) == 1  # trusted: the folder did not change
    assert main(["search", "档案馆", "--check", *opts]) == 0
    page.write_text(page.read_text(encoding="utf-8").replace("东山档案馆", "东山博物馆"), encoding="utf-8")
    assert main(["index", *opts]) == 0
    assert "1 parsed" in capsys.readouterr().err
    assert main(["list", "2024-03-05", *opts]) == 0
    assert "东山博物馆" in capsys.readouterr().out


def test_quick_checks_say_no_page_files_only_when_there_are_none(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from parser import sync

    empty, papers = tmp_path / "empty", write_archive(tmp_path / "papers")
    empty.mkdir()
    for folder in (empty, papers, papers / "2024"):
        os.utime(folder, (time.time() - 3600, time.time() - 3600))
    monkeypatch.setattr(sync, "wall_clock", lambda: time.time() + 10)  # no folder is racy
    for _ in range(2):  # a full check, then a quick one that stats no file (nothing changed)
        assert main(["list", "--archive", str(empty)]) == 1
        assert "no page files found" in capsys.readouterr().err
        assert main(["list", "--archive", str(papers)]) == 0
        assert "no page files" not in capsys.readouterr().err
