"""The kanbao command line: data on stdout, one-line errors, exit codes, quiet pipes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from archive_fixtures import write_archive

from tui.cli import main

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def archive_dir(tmp_path: Path) -> Path:
    return write_archive(tmp_path / "papers")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def kanbao(*argv: str, env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui", *argv], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, **(env or {})}, input=stdin, timeout=120)


def test_issues_and_list(capsys: pytest.CaptureFixture[str], archive_dir: Path) -> None:
    code, out, _ = run(capsys, "issues", "--archive", str(archive_dir), "--json")
    assert code == 0
    issues = [json.loads(line) for line in out.splitlines()]
    assert [i["id"] for i in issues] == ["2024-03-05", "2024-03-06", "001_undated"]
    assert issues[0]["pages"] == 2 and issues[0]["articles"] == 3
    code, out, _ = run(capsys, "--archive", str(archive_dir), "list", "2024-03-05", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == 3
    assert {"id", "issue", "date", "headline"} <= rows[0].keys()
    assert rows[0]["date"] == "2024-03-05"


def test_archive_from_environment(capsys: pytest.CaptureFixture[str], archive_dir: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KANBAO_ARCHIVE", str(archive_dir))
    code, out, _ = run(capsys, "list")
    assert code == 0 and len(out.splitlines()) == 5


def test_show_formats(capsys: pytest.CaptureFixture[str], archive_dir: Path) -> None:
    _, out, _ = run(capsys, "list", "--archive", str(archive_dir), "--json")
    ident = json.loads(out.splitlines()[0])["id"]
    code, text, _ = run(capsys, "show", ident, "--archive", str(archive_dir))
    assert code == 0 and "\x1b" not in text
    blocks = text.strip().split("\n\n")
    assert blocks[0].splitlines()[0] == "东山镇召开春耕动员会"
    assert blocks[1:] == ["昨天，东山镇召开春耕动员会，部署今年农业生产工作。", "会议要求各村提前做好准备，确保春耕顺利推进。"]
    _, md, _ = run(capsys, "show", ident[:5], "--archive", str(archive_dir), "--format", "markdown")
    assert md.startswith("# 东山镇召开春耕动员会")
    _, js, _ = run(capsys, "show", ident, "--archive", str(archive_dir), "--format", "json")
    assert json.loads(js)["credits"] == [{"role": "reporter", "name": "林晓峰"}]
    _, coloured, _ = run(capsys, "show", ident, "--archive", str(archive_dir), "--color", "always")
    assert "\x1b[1m" in coloured


def test_errors_are_one_line_with_exit_2(capsys: pytest.CaptureFixture[str], archive_dir: Path,
                                         tmp_path: Path) -> None:
    for argv in (["show", "zzzzzzz", "--archive", str(archive_dir)],
                 ["list", "--archive", str(tmp_path / "missing")],
                 ["list", "1999-01-01", "--archive", str(archive_dir)]):
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == ""
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    with pytest.raises(SystemExit) as exc:
        main(["list", "--no-such-option"])
    assert exc.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_parse_json_validates_against_schema(capsys: pytest.CaptureFixture[str], archive_dir: Path,
                                             page_schema: dict) -> None:
    files = sorted(str(p) for p in archive_dir.rglob("*.*"))
    code, out, _ = run(capsys, "parse", *files, "--json")
    assert code == 0
    pages = [json.loads(line) for line in out.splitlines()]
    assert len(pages) == 4
    for page in pages:
        jsonschema.validate(page, page_schema)
    assert {p["encoding"] for p in pages} == {"utf-8", "utf-8-sig", "gb18030"}


def test_parse_missing_file_warns_and_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "parse", str(tmp_path / "none.txt"), "--json")
    assert code == 2 and out == "" and "none.txt" in err


def test_index_reports_to_stderr_only(capsys: pytest.CaptureFixture[str], archive_dir: Path) -> None:
    code, out, err = run(capsys, "index", "--archive", str(archive_dir))
    assert code == 0 and out == "" and "4 parsed" in err
    code, out, err = run(capsys, "index", "--archive", str(archive_dir))
    assert "0 parsed" in err and "4 unchanged" in err


def test_closed_pipe_ends_quietly(archive_dir: Path) -> None:
    cmd = f"{sys.executable} -m tui list --archive {archive_dir} | head -1"
    result = subprocess.run(["bash", "-c", f"set -o pipefail; {cmd}"], capture_output=True, text=True,
                            cwd=REPO, timeout=120)
    assert len(result.stdout.splitlines()) == 1
    assert "Traceback" not in result.stderr and "Error" not in result.stderr


def test_version_and_no_color(archive_dir: Path) -> None:
    assert kanbao("--version").stdout.startswith("kanbao ")
    ident = kanbao("list", "--archive", str(archive_dir)).stdout.split("\t")[0]
    shown = kanbao("show", ident, "--archive", str(archive_dir), env={"NO_COLOR": "1"})
    assert shown.returncode == 0 and "\x1b" not in shown.stdout


def test_a_broken_subcommand_module_fails_loudly() -> None:
    """Subcommands are imported like any module: a broken one is an error, not an empty success."""
    code = ("import sys; sys.modules['tui.cmd_tag'] = None\n"
            "from tui.cli import main\n"
            "sys.exit(main(['entities']))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode != 0 and "tui.cmd_tag" in result.stderr


def test_an_empty_folder_says_so_on_stderr(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, out, err = run(capsys, "list", "--archive", str(tmp_path / "empty"))
    assert code == 1 and out == ""  # nothing matched, as documented
    assert err.count("\n") == 1 and "no page files found" in err


def test_counts_are_singular_for_one(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = tmp_path / "one"
    root.mkdir()
    (root / "2031-04-01.txt").write_text("# 河畔新绿\n\n河畔的柳树发芽了。\n", encoding="utf-8")
    code, out, _ = run(capsys, "issues", "--archive", str(root))
    assert code == 0 and out.split("\t")[2:] == ["1 page", "1 article\n"]
    code, _, err = run(capsys, "index", "--archive", str(root))
    assert "1 issue, 1 article" in err and "1 files" not in err


def test_archive_from_config_is_used_by_every_command(capsys: pytest.CaptureFixture[str], archive_dir: Path,
                                                      tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--archive > $KANBAO_ARCHIVE > archive = in config.toml > the bundled sample."""
    config = tmp_path / "my-config"
    config.mkdir()
    (config / "config.toml").write_text(f'archive = "{archive_dir}"\n', encoding="utf-8")
    monkeypatch.setenv("KANBAO_CONFIG_DIR", str(config))
    monkeypatch.delenv("KANBAO_ARCHIVE", raising=False)
    _, out, _ = run(capsys, "issues")
    assert out.startswith("2024-03-05\t")  # the config's archive, not the sample
    monkeypatch.setenv("KANBAO_ARCHIVE", str(tmp_path / "empty-env"))
    (tmp_path / "empty-env").mkdir()
    code, _, err = run(capsys, "issues")
    assert code == 1 and "empty-env" in err  # the environment beats the config
    code, out, _ = run(capsys, "issues", "--archive", str(archive_dir))
    assert code == 0 and out  # the option beats both


def test_the_readme_search_examples_find_stories_in_the_sample(tmp_path: Path) -> None:
    """The queries the README offers as examples work on the bundled sample."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    sentence = readme[readme.index("`/` searches as you type"):readme.index("find stories in the bundled sample")]
    queries = [q for q in re.findall(r"`([^`]+)`", sentence) if q != "/"]
    assert len(queries) >= 3, queries
    env = {"KANBAO_CACHE_DIR": str(tmp_path / "cache"), "KANBAO_DATA_DIR": str(tmp_path / "data"),
           "KANBAO_CONFIG_DIR": str(tmp_path / "config")}
    for query in queries:
        result = kanbao("search", *query.split(), env={**env, "KANBAO_ARCHIVE": ""})
        assert result.returncode == 0 and result.stdout.strip(), (query, result.stderr)
