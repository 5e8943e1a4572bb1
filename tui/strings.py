"""Every word the TUI shows, in one table: Chinese (the default: the readers are Chinese) and English.

``language = "en"`` in config.toml switches the whole interface; the app calls :func:`use` once
when it starts, before any screen is built.  Code asks for a text by key, ``t("status.issues",
n=3)``, so no screen carries its own ``if language`` and a missing translation is a KeyError in
the tests, not a mixed-language screen.  Article text, names and the CLI's data are not touched.
"""

from __future__ import annotations

from typing import Literal

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")

_current: list[Language] = ["zh"]

# key -> (Chinese, English); {placeholders} are filled by t().
TEXT: dict[str, tuple[str, str]] = {
    # Commands (tui.commands): footer label, then the line for help and palette.
    "cmd.search": ("搜索", "Search"),
    "cmd.search.help": ("边打字边搜索全档案（汉字、拼音、首字母）", "Search the archive as you type (Chinese, pinyin, initials)"),
    "cmd.entities": ("名录", "Names"),
    "cmd.entities.help": ("全档案的人名、地名、机构，按提及的文章数排列",
                          "People, places and organisations of the archive, by number of articles"),
    "cmd.help": ("帮助", "Help"),
    "cmd.help.help": ("显示这份按键列表", "Show this list of keys"),
    "cmd.quit": ("退出", "Quit"),
    "cmd.quit.help": ("退出看报", "Quit kanbao"),
    "cmd.next_article": ("下一篇", "Next"),
    "cmd.next_article.help": ("下一篇文章（到期末接着读下一期）", "Next article (continues into the next issue)"),
    "cmd.prev_article": ("上一篇", "Prev"),
    "cmd.prev_article.help": ("上一篇文章", "Previous article"),
    "cmd.next_issue": ("下一期", "Next issue"),
    "cmd.next_issue.help": ("列表中的下一期", "Next issue in the list"),
    "cmd.prev_issue": ("上一期", "Prev issue"),
    "cmd.prev_issue.help": ("列表中的上一期", "Previous issue in the list"),
    "cmd.bookmark": ("收藏", "Star"),
    "cmd.bookmark.help": ("收藏 / 取消收藏这篇文章", "Bookmark / unbookmark the article"),
    "cmd.toggle_read": ("已读", "Read"),
    "cmd.toggle_read.help": ("把这篇文章标为已读 / 未读", "Mark the article read / unread"),
    "cmd.pipe": ("管道", "Pipe"),
    "cmd.pipe.help": ("把文章文本传给一条 shell 命令", "Pipe the article text to a shell command"),
    "cmd.copy": ("复制", "Copy"),
    "cmd.copy.help": ("把文章文本复制到剪贴板（OSC 52）", "Copy the article text to the clipboard (OSC 52)"),
    "cmd.toggle_lists": ("列表", "Lists"),
    "cmd.toggle_lists.help": ("在正文旁显示 / 隐藏列表（窄屏时正文独占全宽）",
                              "Show / hide the lists beside the story (narrow terminals: the story alone)"),
    "cmd.highlight": ("高亮", "Highlight"),
    "cmd.highlight.help": ("开关人名、地名、机构的高亮", "Toggle the highlighting of people, places, organisations"),
    "cmd.entity_search": ("查实体", "Find name"),
    "cmd.entity_search.help": ("从本文的人名、地名、机构中选一个，在全档案中搜索",
                               "Pick a person, place or organisation of this article and search for it"),
    "cmd.back": ("返回", "Back"),
    "cmd.back.help": ("关闭正文 / 返回上一栏", "Close the reader / go back"),
    "cmd.result_down": ("下移", "Down"),
    "cmd.result_down.help": ("下一条结果（输入框保持焦点）", "Next result (typing stays in the box)"),
    "cmd.result_up": ("上移", "Up"),
    "cmd.result_up.help": ("上一条结果", "Previous result"),
    "cmd.result_page_down": ("下翻", "Page down"),
    "cmd.result_page_down.help": ("向下十条结果", "Ten results down"),
    "cmd.result_page_up": ("上翻", "Page up"),
    "cmd.result_page_up.help": ("向上十条结果", "Ten results up"),
    "cmd.close": ("返回", "Back"),
    "cmd.close.help": ("关闭搜索、人名地名视图或对话框；停止正在运行的管道命令",
                       "Close the search, names view or dialog; stop a running pipe command"),
    "cmd.cursor_down": ("下移", "Down"),
    "cmd.cursor_down.help": ("向下移动", "Move down"),
    "cmd.cursor_up": ("上移", "Up"),
    "cmd.cursor_up.help": ("向上移动", "Move up"),
    "cmd.scroll_down": ("下移", "Down"),
    "cmd.scroll_down.help": ("正文向下滚动", "Scroll the article down"),
    "cmd.scroll_up": ("上移", "Up"),
    "cmd.scroll_up.help": ("正文向上滚动", "Scroll the article up"),
    "cmd.open": ("打开", "Open"),
    "cmd.open.help": ("打开选中的一期、文章或结果", "Open the highlighted issue, article or result"),
    "cmd.focus_next": ("下一栏", "Next pane"),
    "cmd.focus_next.help": ("切换到下一栏", "Next pane"),
    "cmd.focus_previous": ("上一栏", "Prev pane"),
    "cmd.focus_previous.help": ("切换到上一栏", "Previous pane"),
    "cmd.palette": ("命令", "Palette"),
    "cmd.palette.help": ("命令面板（所有操作、主题）", "Command palette (every action, themes)"),
    # Textual's own palette entries ("" drops one that duplicates ours).
    "textual.Theme": ("主题", "Theme"),
    "textual.Theme.help": ("换一种配色", "Change the current theme"),
    "textual.Keys": ("按键面板", "Keys"),
    "textual.Keys.help": ("在旁边显示当前可用的按键", "Show a summary of the available keys"),
    "textual.Maximize": ("放大", "Maximize"),
    "textual.Maximize.help": ("放大当前栏", "Maximize the focused pane"),
    "textual.Minimize": ("还原", "Minimize"),
    "textual.Minimize.help": ("把放大的栏还原", "Restore the pane to its size"),
    "textual.Screenshot": ("截图", "Screenshot"),
    "textual.Screenshot.help": ("把当前画面存为 SVG 文件", "Save an SVG screenshot of the screen"),
    "palette.placeholder": ("搜索命令…", "Search for commands…"),
    # App
    "app.sample": ("示例报纸", "bundled sample"),
    "app.unknown_theme": ("未知主题 {theme}，使用默认主题", "Unknown theme {theme}; using the default"),
    "app.unknown_keys": ("配置里未知的按键 id：{ids}（见 ? 帮助）", "Unknown key ids in the config: {ids} (see ? help)"),
    "app.cannot_open": ("无法打开档案", "Cannot open the archive"),
    "app.still_opening": ("档案还在打开中…", "The archive is still opening…"),
    # Main screen
    "pane.issues": ("期", "Issues"),
    "pane.headlines": ("标题", "Headlines"),
    "pane.headlines_of": ("标题 · {issue}", "Headlines · {issue}"),
    "pane.reader": ("正文", "Story"),
    "status.opening": ("正在打开报纸…", "Opening the paper…"),
    "status.reading": ("正在读取 {done}/{total}", "Reading {done}/{total}"),
    "status.names": ("正在统一全档案的人名、地名、机构名 {done}/{total}",
                     "Making names consistent across the archive {done}/{total}"),
    "status.sorting": ("已读取 {total} 个文件，正在整理…", "Read {total} files; putting them in order…"),
    "status.cannot_open": ("无法打开：", "Cannot open: "),
    "status.no_pages": ("没有找到报纸页面文件", "No page files were found"),
    "status.unreadable": ("（{n}个文件无法读取）", " ({n} files could not be read)"),
    "status.issues": ("{n}期", "{n} issues"),
    "status.issues_one": ("{n}期", "1 issue"),
    "status.articles": ("{n}篇", "{n} articles"),
    "status.articles_one": ("{n}篇", "1 article"),
    "status.skipped": ("{n}个文件已跳过", "{n} files skipped"),
    "status.skipped_one": ("{n}个文件已跳过", "1 file skipped"),
    "status.search_ready": ("搜索就绪", "search ready"),
    "status.search_loading": ("正在建立索引…", "building the search index…"),
    "status.search_off": ("搜索不可用", "search unavailable"),
    "note.gone": ("文章 {id} 已不在档案中", "Article {id} is no longer in the archive"),
    "note.last_article": ("已经是最后一篇了", "This is the last article"),
    "note.first_article": ("已经是第一篇了", "This is the first article"),
    "note.last_issue": ("已经是最后一期了", "This is the last issue"),
    "note.first_issue": ("已经是第一期了", "This is the first issue"),
    "note.pick_article": ("先选一篇文章", "Pick an article first"),
    "note.loading_article": ("文章还在载入…", "The article is still loading…"),
    "note.bookmarked": ("已收藏 ★", "Bookmarked ★"),
    "note.unbookmarked": ("已取消收藏", "Bookmark removed"),
    "note.read": ("标为已读", "Marked read"),
    "note.unread": ("标为未读", "Marked unread"),
    "note.copied": ("已复制到剪贴板 (OSC 52)", "Copied to the clipboard (OSC 52)"),
    "note.no_entities": ("这篇文章没有标出人名、地名或机构", "No people, places or organisations marked in this article"),
    # Article, rows and lists
    "entity.person": ("人名", "person"),
    "entity.place": ("地名", "place"),
    "entity.org": ("机构", "org"),
    "legend.hint": ("h 切换高亮 · s/点击 搜索", "h highlight · s/click search"),
    "kind.photo": ("图", "photo"),
    "kind.commentary": ("评", "opinion"),
    "kind.brief": ("讯", "brief"),
    "page.number": ("第{n}版", "p. {n}"),
    "page.unnumbered": ("未编版", "no page number"),
    "issue.detail": ("{pages}版 · {articles}篇", "{pages} pp · {articles} art."),
    "issue.unread": (" · {n}未读", " · {n} new"),
    "article.no_headline": ("（无标题）", "(no headline)"),
    "article.no_body": ("（无正文）", "(no text)"),
    "article.caption": ("图片说明  ", "Caption  "),
    "tier.pinyin": ("拼音", "pinyin"),
    "tier.heteronym": ("多音字", "reading"),
    "tier.initials": ("首字母", "initials"),
    "tier.fuzzy": ("模糊音", "fuzzy"),
    "tier.typo": ("纠错", "typo"),
    "entity.articles": ("{n:>4}篇 ", "{n:>4}× "),
    # Search
    "search.placeholder": ("搜索：汉字、拼音、首字母…   Enter 打开 · Esc 关闭",
                           "Search: Chinese, pinyin, initials…   Enter opens · Esc closes"),
    "search.forms": ("汉字 · 全拼 shendong · 首字母 sd · 混合 沈dong · 多词=全部匹配 · "
                     "date:2025-02 · page:1 · person:/place:/org:… · is:unread · is:bookmarked",
                     "Chinese · pinyin shendong · initials sd · mixed 沈dong · several words = all match · "
                     "date:2025-02 · page:1 · person:/place:/org:… · is:unread · is:bookmarked"),
    "search.results": ("结果", "Results"),
    "search.idle": ("输入即搜", "Type to search"),
    "search.loading": ("正在打开档案，搜索稍后可用…", "Opening the archive; search comes in a moment…"),
    "search.unavailable": ("搜索不可用：{why}", "Search unavailable: {why}"),
    "search.not_ready": ("索引未就绪", "the index is not ready"),
    "search.bad_query": ("查询有误：", "Bad query: "),
    "search.count": ("{n}{more} 条结果", "{n}{more} results"),
    "search.count_one": ("{n}{more} 条结果", "1 result"),
    "query.terms": ("词", "words"),
    "query.date": ("日期", "date"),
    "query.page": ("版", "page"),
    "query.only": ("只看", "only"),
    "query.unread": ("未读", "unread"),
    "query.read": ("已读", "read"),
    "query.bookmarked": ("收藏", "bookmarked"),
    # Entities view
    "entities.counting": ("正在统计人名、地名、机构…", "Counting people, places, organisations…"),
    "entities.none": ("这个档案里还没有标出人名、地名或机构", "No people, places or organisations marked in this archive yet"),
    "entities.legend": ("按提及文章数排列 · 曲线：{n}期中的分布（旧→新）· Enter 列出文章 · Tab 切换栏目",
                        "By number of articles · curve: spread over {n} issues (old→new) · Enter lists them · "
                        "Tab next column"),
    "entities.drawing": ("按提及文章数排列 · 正在绘制{n}期中的分布曲线…",
                         "By number of articles · drawing the spread over {n} issues…"),
    "entities.listing": ("正在列出文章…", "Listing the articles…"),
    "entities.total": ("{n}个", "{n}"),
    "entities.title": ("{label}「{text}」· {n}篇", "{label} “{text}” · {n} articles"),
    "picker.title": ("搜索本文中的人名 / 地名 / 机构", "Search for a person / place / organisation of this article"),
    # Help
    "help.title": ("按键 · kanbao 看报", "Keys · kanbao 看报"),
    "help.app": ("全局", "Everywhere"),
    "help.main": ("读报", "Reading the paper"),
    "help.list": ("列表 / 正文", "Lists / story"),
    "help.search": ("搜索", "Search"),
    "help.dialog": ("对话框", "Dialogs"),
    "help.builtin": ("通用", "General"),
    "help.colours": ("实体颜色  ", "Name colours  "),
    "help.mouse": ("鼠标：点击列表、标题和正文中的人名地名均可操作。按 Esc 或 ? 关闭。",
                   "Mouse: click lists, headlines and the names in a story. Esc or ? closes."),
    # Pipe
    "pipe.title": ("把文章文本传给命令 (sh -c)", "Pipe the article text to a command (sh -c)"),
    "pipe.placeholder": ("例如：wc -m   或   grep 记者", "e.g. wc -m   or   grep 记者"),
    "pipe.prompt_hint": ("Enter 运行 · Esc 取消", "Enter runs · Esc cancels"),
    "pipe.running": ("正在运行…", "Running…"),
    "pipe.running_for": ("正在运行… {s} 秒", "Running… {s} s"),
    "pipe.stop_hint": ("Esc 停止", "Esc stops it"),
    "pipe.stopping": ("正在停止…", "Stopping…"),
    "pipe.stopped": ("已停止（Esc）", "Stopped (Esc)"),
    "pipe.timeout": ("超时（{s} 秒）已停止", "Stopped after {s} s (time limit)"),
    "pipe.exit": ("退出码 {code}", "exit status {code}"),
    "pipe.no_output": ("（没有输出）", "(no output)"),
    "pipe.close_hint": ("Esc / Enter 关闭", "Esc / Enter closes"),
}


def use(language: Language) -> None:
    """Switch the interface language (the app does this once, from the config)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r} (expected one of {', '.join(LANGUAGES)})")
    _current[0] = language


def current() -> Language:
    return _current[0]


def t(key: str, **values: object) -> str:
    """The text for ``key`` in the current language, with ``values`` filled in."""
    text = TEXT[key][LANGUAGES.index(_current[0])]
    return text.format(**values) if values else text


def count(key: str, n: int, **values: object) -> str:
    """A count: English uses ``key + "_one"`` (if the table has it) for exactly one."""
    if n == 1 and _current[0] == "en" and f"{key}_one" in TEXT:
        key = f"{key}_one"
    return t(key, n=n, **values)
