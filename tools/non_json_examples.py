"""Find every example response in the corpus that is meant to be JSON but is not JSON.

This is the truth set for measuring the recall of J001 (``payload-not-json``), found without
envelint's code: the pages are read line by line here, and JSON is checked with the standard
library. Nothing from ``envelint`` is imported; ``--compare`` only reads envelint's JSON reports.

Usage::

    .venv/bin/python tools/non_json_examples.py [--corpus DIR] [--tree NAME]... [--json FILE]
    .venv/bin/python tools/non_json_examples.py --compare [--reports DIR] [--json FILE]

How an example block is found (criteria)
----------------------------------------
1. **Literal blocks**: a ``.. code-block::`` / ``.. code::`` / ``.. sourcecode::`` directive (any
   or no language; its ``:option:`` lines are skipped), or a paragraph or list item ending in
   ``::`` (or a bare ``::``). The block is every following line that is blank or indented deeper
   than the directive or paragraph, with trailing blank lines dropped. Lines inside grid tables
   (starting with ``|`` or ``+``) are never read, so examples in table cells are not examples of a
   response.
2. **Context**: the nearest section title above the block (a line at column 0 underlined by a
   run of one punctuation character at least as long); the *labels*: the non-blank text lines
   between the section title (or the previous block) and the block, except table lines and
   ``..`` comments/targets (``**Status code: 200**``, ``-  Example response``, ``Or``, ``ok``,
   captions such as ``CCE cluster:``); and the list items that hold the block (a bullet line
   indented less than the block, not closed by a line at its indent or less).
   Links and ``:ref:`` texts are dropped from labels (they name other places).
3. **Response or request**, the first rule that decides:
   a. a ``**Status code: N**`` label since the previous block → response;
   b. the nearest label, when it *names* an example: at most 12 words, starting (after a bullet,
      ``**`` and a step number like ``b.``) with example, sample, response, request, normal,
      abnormal, successful, failed or error; or at most 8 words ending in "request" or
      "response" ("**Strategic Merge Patch request**"). It decides by the word response or
      request (the first one written). A status description ("Successful request.",
      "Request for ... submitted.", "The request is successful") names nothing;
   c. the list items holding the block, innermost first, as in (b) (``-  Example response``
      holding a block after a sentence copied from the request);
   d. the nearest label when a sentence says "example/sample response", "response example",
      "the following response", "the response (body) is as follows/displayed" → response, or
      "example/sample request", "request example", "request body" → request;
   e. the section title: one that says "response" and not "request" → response
      ("Example Responses", "Sample Response 2", "Response Example", "Response"); one that
      says "request" and not "response" → request;
   f. the older labels of the same section, nearest first, as in (b) (``Or`` and a status
      description sit between "-  Example response" and its second block);
   g. otherwise the block is not an example response (function models, policies, code).
4. **Meant to be JSON**: in a response block, an HTTP head is stripped first: a status line
   (``HTTP/1.x NNN ...``, or ``status code NNN``) and the ``Name: value`` header lines after it,
   up to a blank line or the first line starting with ``{`` or ``[``. The block is then meant
   to be JSON when the first non-blank line starts a JSON object or array (``{``, or ``[`` that
   is not a bracketed note such as ``[4572 Bytes object content]``), or with ``"name":`` (a
   member whose opening brace is lost); or when it is prose followed, in the same block, by a
   line that starts an object or array (a caption or headers written inside the block: the
   block is still not a JSON body; kind ``text-before-body``). Not meant to be JSON: empty
   blocks, ``None``, plain text, XML (``<``), a bracketed note, code, header lines only, a head
   whose ``Content-Type`` is not JSON (binary, multipart, XML), and a block that starts with a
   request line (``POST https://...``: a request, whatever its label says). Caption lines
   ending in ``:`` (at most 16 words: "When option is set to password_regex:", "Token
   information stored in the response header:") are a head too, like the HTTP head, and so are
   header lines after such a caption. One block may hold several bodies: once a body's brackets
   have closed, a caption, a status line or a header line with a hyphenated name
   (``X-Subject-Token:``) starts the next body's head; each body is judged on its own.
5. **Not JSON** (strict RFC 8259): the body as written (after the HTTP head) fails
   ``json.loads`` with duplicate object names refused (``duplicate-key``) and ``NaN`` /
   ``Infinity`` refused (``non-standard-number``); Python's parser already refuses trailing
   commas, comments, single quotes, unquoted keys, control characters (line breaks) inside
   strings and text after the document. The first problem is reported with its file line and
   column. ``duplicate-key`` and ``non-standard-number`` are kept apart in the counts, since
   envelint reports them as J002 and J003, not J001. On a page with no URI section (a
   tutorial, an overview: no operation of its own), a ``//`` annotation at the end of a line
   after a value is narration and is blanked out first; on an operation's page it stays a
   syntax problem, as does a ``//`` line of its own anywhere.

Comparison (``--compare``)
--------------------------
Each reference is linted with ``envelint lint <tree>/api-ref --format json --no-cache
--exit-zero`` (or the reports in ``--reports DIR``, named ``<tree>.json``, are read). An example
of the truth set is *found* when a J001 finding (J002 for ``duplicate-key``, J003 for
``non-standard-number``) is on the same file at a line inside the block (from the directive or
``::`` line to the block's last line). For the held-out references only the counts are printed:
no finding, no missed example. For the others every miss and every J001 finding that lies in no
truth-set block is listed, for reading by hand.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
ENVELINT = [sys.executable, "-m", "envelint"]  # the command line, as a user runs it

# Held out for the later precision measurement (docs/precision.md): counts only.
HELD_OUT = frozenset(
    {
        "api-gateway",
        "cloud-eye",
        "cloud-search-service",
        "data-lake-insight",
        "distributed-cache-service",
        "domain-name-service",
        "log-tank-service",
    }
)

UNDERLINE = re.compile(r"""^([=\-~^"'`#*+<>_:.])\1{2,}\s*$""")
DIRECTIVE = re.compile(r"^(\s*)\.\.\s+(?:code-block|code|sourcecode)::(.*)$")
STATUS_LABEL = re.compile(r"^\**\s*status\s+code\s*:?\s*\d{3}\b", re.IGNORECASE)
NAMING_START = re.compile(
    r"^(?:[-*+•]\s+)?(?:\*\*)?(?:[a-z0-9]{1,2}[.)]\s+)?(?:\*\*)?"
    r"(?:example|examples|sample|samples|response|responses|request|requests|normal|abnormal|"
    r"successful|success|failed|failure|error|an? example|the example)\b",
    re.IGNORECASE,
)
STATUS_WORDING = re.compile(
    r"\brequests?\s+(?:is\s+|was\s+)?(?:succeeded|successful|submitted|failed|accepted)\b|"
    r"\b(?:successful|succeeded|failed|invalid|bad)\s+requests?\b|\brequests?\s+for\b.*\bsubmitted\b",
    re.IGNORECASE,
)
RESPONSE_PHRASE = re.compile(
    r"\b(?:example|sample)\s+responses?\b|\bresponses?\s+(?:example|sample)\b|"
    r"\bfollowing\s+response\b|\bresponse(?:\s+body)?\s+is\s+(?:as\s+follows|displayed)\b",
    re.IGNORECASE,
)
REQUEST_PHRASE = re.compile(
    r"\b(?:example|sample)\s+requests?\b|\brequests?\s+(?:example|sample)\b|\brequest\s+body\b",
    re.IGNORECASE,
)
RESPONSE_WORD = re.compile(r"\bresponses?\b", re.IGNORECASE)
REQUEST_WORD = re.compile(r"\brequests?\b", re.IGNORECASE)
HTTP_STATUS = re.compile(
    r"^(?:HTTP/\d(?:\.\d)?\s+|\**status(?:\s+code)?\s*:?\s*)\d{3}\b", re.IGNORECASE
)
HEADER = re.compile(r"^[A-Za-z][A-Za-z0-9-]*\s*:\s*\S")
BULLET = re.compile(r"^(?:[-*+•]|#\.|\d{1,2}[.)]|[a-z][.)])\s+\S")
MEMBER_START = re.compile(r'^"[^"]*"\s*:')
REQUEST_LINE = re.compile(r"^(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s+(?:/|https?://|\{)\S*")
# "[4572 Bytes object content]": a bracketed note standing for a body, not a JSON array
BRACKETED_NOTE = re.compile(r"^\[[^\[\]{}\"]*\]\s*$")
JSON_WORDS = re.compile(r"^(?:true|false|null)$")
CAPTION = re.compile(r"^[^\"'{}\[\]/].*[A-Za-z].*:$")
URI_TITLE = re.compile(r"\bURI\b|\bURL\b")
LINK = re.compile(r":\w+:`([^`<]*)(?:<[^>]*>)?`|`([^`<]*)(?:<[^>]*>)?`__?")


@dataclass
class Block:
    path: str  # relative to the tree's api-ref/source
    start: int  # the directive or ``::`` line (1-based)
    end: int  # the block's last non-blank line
    title: str
    labels: list[str]
    lines: list[tuple[int, str]]  # (file line, text) of the block's content
    items: list[str] = field(default_factory=list)  # the list items holding it, outermost first


@dataclass
class Example:
    tree: str
    path: str
    start: int
    end: int
    line: int  # the first line of the body
    kind: str  # syntax | text-before-body | duplicate-key | non-standard-number
    reason: str
    role_by: str = ""
    found: bool | None = None
    found_by: list[str] = field(default_factory=list)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_title(lines: list[str], i: int) -> bool:
    line = lines[i]
    if not line.strip() or _indent(line) or i + 1 >= len(lines):
        return False
    under = lines[i + 1]
    return (
        bool(UNDERLINE.match(under))
        and not UNDERLINE.match(line)
        and len(under.strip()) >= len(line.strip())
    )


def iter_blocks(text: str, path: str) -> list[Block]:
    """Every literal block of a page, with its section title and the labels before it."""
    lines = text.splitlines()
    blocks: list[Block] = []
    title = ""
    labels: list[str] = []
    items: list[tuple[int, str]] = []  # (indent of the bullet, the item's first line)
    i = 0
    while i < len(lines):
        line = lines[i]
        if _is_title(lines, i):
            title, labels, items = line.strip(), [], []
            i += 2
            continue
        stripped = line.strip()
        if stripped:
            depth = _indent(line)
            while items and items[-1][0] >= depth:
                items.pop()
            if BULLET.match(stripped):
                items.append((depth, stripped))
        directive = DIRECTIVE.match(line)
        if directive:
            base = len(directive.group(1))
        elif stripped.endswith("::") and not stripped.startswith(("..", "|", "+")):
            base = _indent(line)
            lead = stripped[:-2].strip()
            if lead:
                labels.append(lead)
        else:
            if stripped and not stripped.startswith(("|", "+", "..")):
                labels.append(stripped)
            i += 1
            continue
        j = i + 1
        if directive:
            while j < len(lines) and lines[j].strip().startswith(":") and _indent(lines[j]) > base:
                j += 1
        content: list[tuple[int, str]] = []
        while j < len(lines) and (not lines[j].strip() or _indent(lines[j]) > base):
            content.append((j + 1, lines[j]))
            j += 1
        while content and not content[-1][1].strip():
            content.pop()
        if content:
            margin = min(_indent(text) for _, text in content if text.strip())
            content = [(number, text[margin:]) for number, text in content]
        end = content[-1][0] if content else i + 1
        holding = [text for _, text in items if not text.endswith("::")]
        blocks.append(Block(path, i + 1, end, title, labels, content, holding))
        labels = []
        i = j
    return blocks


def _plain(label: str) -> str:
    """A label without its links and cross-references (their text names other places)."""
    return LINK.sub("", label).strip()


def _label_role(label: str, phrases: bool = True) -> str | None:
    label = _plain(label)
    if STATUS_LABEL.match(label):
        return "response"
    if STATUS_WORDING.search(label):  # "Successful request.": a status description
        return "response" if RESPONSE_PHRASE.search(label) else None
    short_tail = re.search(r"\b(requests?|responses?)\W*$", label, re.IGNORECASE)
    if len(label.split()) <= 8 and short_tail:  # "**Strategic Merge Patch request**"
        return "response" if short_tail.group(1).lower().startswith("response") else "request"
    if len(label.split()) > 12 or not NAMING_START.match(label):
        if not phrases:
            return None
        response, request = RESPONSE_PHRASE.search(label), REQUEST_PHRASE.search(label)
        if response and not request:
            return "response"
        if request and not response:
            return "request"
        return None
    response, request = RESPONSE_WORD.search(label), REQUEST_WORD.search(label)
    if response and request:  # "Example response to the request": the first word named wins
        return "response" if response.start() < request.start() else "request"
    if response:
        return "response"
    if request:
        return "request"
    return None


def role(block: Block, earlier: list[str]) -> tuple[str, str]:
    """("response" | "request" | "other", what decided it) for ``block``; ``earlier`` holds the
    labels of the same section before the previous blocks, oldest first."""
    for label in reversed(block.labels):
        if STATUS_LABEL.match(label):
            return "response", f"label {label!r}"
    if block.labels:
        decided = _label_role(block.labels[-1], phrases=False)
        if decided:
            return decided, f"label {block.labels[-1]!r}"
    for item in reversed(block.items):  # the block sits in "-  Example response"
        decided = _label_role(item, phrases=False)
        if decided:
            return decided, f"list item {item!r}"
    if block.labels:
        decided = _label_role(block.labels[-1])
        if decided:
            return decided, f"label {block.labels[-1]!r}"
    title = block.title
    says_response, says_request = RESPONSE_WORD.search(title), REQUEST_WORD.search(title)
    if says_response and not says_request:
        return "response", f"title {title!r}"
    if says_request and not says_response:
        return "request", f"title {title!r}"
    for label in reversed(earlier + block.labels[:-1]):
        decided = _label_role(label, phrases=False)
        if decided:
            return decided, f"earlier label {label!r}"
    return "other", ""


def json_body(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], str] | None:
    """The block's body after an HTTP head, and how it starts, when it is meant to be JSON."""
    rest = list(lines)
    while rest and not rest[0][1].strip():
        rest.pop(0)
    if rest and REQUEST_LINE.match(rest[0][1].strip()):
        return None  # a request written where a response was announced
    if rest and HTTP_STATUS.match(rest[0][1].strip()):
        rest.pop(0)
        while rest and rest[0][1].strip() and HEADER.match(rest[0][1].strip()):
            if rest[0][1].lstrip().startswith(("{", "[")):
                break
            name, _, value = rest[0][1].strip().partition(":")
            if name.strip().lower() == "content-type" and "json" not in value.lower():
                return None  # the head says the body is XML, binary, multipart...
            rest.pop(0)
        while rest and not rest[0][1].strip():
            rest.pop(0)
    announced = False
    while rest:
        line = rest[0][1].strip()
        if _is_caption(line):
            announced = True
        elif not (line and announced and HEADER.match(line)) and line:
            break
        rest.pop(0)
    if not rest:
        return None
    first = rest[0][1].strip()
    if _opens_json(first):
        return rest, "json"
    if MEMBER_START.match(first):
        return rest, "member"
    if first.startswith(("<", "[")) or REQUEST_LINE.match(first):
        return None
    if any(_opens_json(text.strip()) for _, text in rest[1:]):
        return rest, "text-before-body"
    return None


def _is_caption(line: str) -> bool:
    return bool(CAPTION.match(line)) and len(line.split()) <= 16


# A JSON string, to its closing quote or the end of the text (a string left open runs on).
JSON_STRING = re.compile(r'"(?:\\.|[^"\\])*(?:"|\\?\Z)', re.DOTALL)


def _without_strings(text: str, filler: str = "") -> str:
    """``text`` with its JSON strings taken out, or each of their characters written as
    ``filler`` (columns kept)."""
    return JSON_STRING.sub(lambda string: filler * len(string.group()), text)


def _opens_a_head(line: str) -> bool:
    """A status line, a caption or a header line with a hyphenated name (``X-Subject-Token:``)."""
    header = HEADER.match(line)
    return bool(
        HTTP_STATUS.match(line) or _is_caption(line) or (header and "-" in line.partition(":")[0])
    )


def _next_head(body: list[tuple[int, str]]) -> int | None:
    """The index of the first head line after the body's brackets have opened and closed."""
    depth, opened = 0, False
    for index, (_, text) in enumerate(body):
        if opened and depth <= 0 and _opens_a_head(text.strip()):
            return index
        code = _without_strings(text)
        opens = code.count("{") + code.count("[")
        depth += opens - code.count("}") - code.count("]")
        opened = opened or opens > 0
    return None


def split_bodies(body: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """The bodies of one block: a caption, status or hyphenated header line after a body whose
    brackets have closed starts the next one (with its own head)."""
    bodies = []
    while True:
        cut = _next_head(body)
        if cut is None:
            return [*bodies, body]
        bodies.append(body[:cut])
        rest = json_body(body[cut:])
        if rest is None:
            return bodies
        body = rest[0]


def blank_annotation(text: str) -> str:
    """The line with a ``//`` annotation after a value blanked out."""
    at = _without_strings(text, filler=" ").find("//")
    if at < 0:
        return text
    before = text[:at].rstrip()
    if before and (before[-1] in ',"]}' or before[-1].isalnum()):
        return text[:at] + " " * (len(text) - at)
    return text


def _opens_json(line: str) -> bool:
    """A line that starts a JSON object or array (not a bracketed note like ``[8 Bytes]``)."""
    if line.startswith("{"):
        return True
    if not line.startswith("["):
        return False
    note = BRACKETED_NOTE.match(line)
    if note is None:
        return True
    words = re.findall(r"[A-Za-z]+", line)
    return all(JSON_WORDS.match(word) for word in words)


class _Refused(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict:
    seen: dict[str, object] = {}
    for key, value in pairs:
        if key in seen:
            raise _Refused(f"duplicate-key|duplicate name {key!r}")
        seen[key] = value
    return seen


def _no_constant(name: str) -> object:
    raise _Refused(f"non-standard-number|{name} is not a JSON number")


def strict_json_problem(text: str) -> tuple[str, str, int, int] | None:
    """None when ``text`` is strict RFC 8259 JSON, else (kind, message, line, column) with the
    line and column 1-based in ``text`` (0, 0 when unknown)."""
    try:
        json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except _Refused as refused:
        kind, message = str(refused).split("|", 1)
        return kind, message, 0, 0
    except json.JSONDecodeError as error:
        return "syntax", error.msg.removesuffix(" at"), error.lineno, error.colno
    except RecursionError:
        return "syntax", "nested too deep for the checker", 0, 0
    return None


ELISION = re.compile(r"\.{3,}|…+")
ELISION_LINE = re.compile(r"^\s*(?:\.{3,}|…+)\s*,?\s*$")
ELISION_ITEM = re.compile(r"(?<=[\[{,])\s*(?:\.{3,}|…+)\s*(?=[,\]}])")
CLOSES = {"{": "}", "[": "]"}


def without_elisions(text: str) -> str | None:
    """The excerpt with its elision marks taken out (criterion 5): a line of only ``...`` /
    ``......`` / ``…`` (a comma may follow), or an array item or member that is only such a
    mark, stands for left-out content; the commas around it are then repaired, and a mark
    ending the body stands for the rest, its closing brackets included. None when the marks
    stand elsewhere."""
    lines = text.split("\n")
    kept: list[str] = []
    ends_elided = False
    for line in lines:
        if ELISION_LINE.match(line):
            kept.append("\0")  # where content was left out
            ends_elided = True
        elif line.strip():
            kept.append(line)
            ends_elided = False
    joined = "\n".join(kept)
    joined = ELISION_ITEM.sub("\0", joined)
    # commas around a cut: none before a closer, one between two values, one between two cuts
    joined = re.sub(r",?\s*\x00(?:\s*,?\s*\x00)*\s*,?", "\0", joined)
    joined = re.sub(r"(?<=[\[{])\x00", "", joined)
    joined = re.sub(r"\x00(?=\s*[\]}])", "", joined)
    joined = joined.replace("\0", ",")
    if ELISION.search(_without_strings(joined)):
        return None  # a mark where a value belongs ("id": ...): a defect
    if ends_elided:
        joined = joined.rstrip().rstrip(",")
        stack = []
        for char in _without_strings(joined):
            if char in CLOSES:
                stack.append(CLOSES[char])
            elif char in "]}" and stack:
                stack.pop()
        joined += "".join(reversed(stack))
    return joined


def examine(block: Block, tree: str, role_by: str, narrated: bool = False) -> Example | None:
    """The block as a truth-set entry when it is meant to be JSON and is not."""
    found = json_body(block.lines)
    if found is None:
        return None
    body, start = found
    first_line = body[0][0]
    if start == "text-before-body":
        caption = body[0][1].strip()
        caption = caption if len(caption) <= 60 else caption[:57] + "..."
        return Example(
            tree,
            block.path,
            block.start,
            block.end,
            first_line,
            "text-before-body",
            f"text before the JSON body: {caption}",
            role_by,
        )
    for piece in split_bodies(body):
        if narrated:
            piece = [(number, blank_annotation(text)) for number, text in piece]
        text = "\n".join(text for _, text in piece)
        problem = strict_json_problem(text)
        if problem is not None and ELISION.search(text):
            cut = without_elisions(text)
            if cut is not None and strict_json_problem(cut) is None:
                continue  # an excerpt: its elision marks stand for left-out content
        if problem is not None:
            break
    else:
        return None
    kind, message, line, column = problem
    first_line = piece[0][0]
    if line:
        number, text = piece[line - 1]
        where = f"{number}:{column}"
        message = f"{message}, line {where}: {text.strip()[:60]}"
    if start == "member":
        message = f"no opening brace ({message})"
    return Example(tree, block.path, block.start, block.end, first_line, kind, message, role_by)


@dataclass
class Seen:
    """How one literal block was read: for judging a J001 finding outside the truth set."""

    start: int
    end: int
    role: str
    why: str
    body: str  # json | member | text-before-body | "" (not meant to be JSON)


def scan_tree(tree: str, source: Path) -> tuple[list[Example], Counter, dict[str, list[Seen]]]:
    """The truth set of one reference, counts of its blocks by role, and every block read."""
    examples: list[Example] = []
    counts: Counter = Counter()
    seen: dict[str, list[Seen]] = {}
    for page in sorted(source.rglob("*.rst")):
        relative = page.relative_to(source).as_posix()
        text = page.read_text(encoding="utf-8", errors="replace")
        blocks = iter_blocks(text, relative)
        lines = text.splitlines()
        narrated = not any(
            _is_title(lines, i) and URI_TITLE.search(line) for i, line in enumerate(lines)
        )
        earlier: list[str] = []
        section = None
        for block in blocks:
            if block.title != section:
                section, earlier = block.title, []
            decided, why = role(block, earlier)
            earlier += block.labels
            counts[decided] += 1
            body = json_body(block.lines)
            seen.setdefault(relative, []).append(
                Seen(block.start, block.end, decided, why, body[1] if body else "")
            )
            if decided != "response":
                continue
            if body is not None:
                counts["response, meant to be JSON"] += 1
            example = examine(block, tree, why, narrated)
            if example:
                examples.append(example)
    return examples, counts, seen


def corpus_trees(corpus: Path, only: list[str] | None) -> list[tuple[str, Path]]:
    trees = []
    for folder in sorted(path for path in corpus.iterdir() if path.is_dir()):
        if only and folder.name not in only:
            continue
        source = folder / "api-ref" / "source"
        trees.append((folder.name, source if source.is_dir() else folder))
    return trees


# ---------------------------------------------------------------------------------- compare


def lint_report(tree: str, source: Path, reports: Path | None) -> dict:
    if reports is not None and (reports / f"{tree}.json").is_file():
        return json.loads((reports / f"{tree}.json").read_text(encoding="utf-8"))
    docs = source.parent if source.name == "source" else source
    command = [*ENVELINT, "lint", str(docs), "--format", "json", "--exit-zero", "--no-cache"]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise RuntimeError(
            f"envelint lint {docs} exited {completed.returncode}: {completed.stderr}"
        )
    report = json.loads(completed.stdout)
    if reports is not None:
        reports.mkdir(parents=True, exist_ok=True)
        (reports / f"{tree}.json").write_text(completed.stdout, encoding="utf-8")
    return report


CODE_FOR_KIND = {"duplicate-key": "J002", "non-standard-number": "J003"}


def compare_tree(
    tree: str, source: Path, examples: list[Example], report: dict, seen: dict[str, list[Seen]]
) -> list[dict]:
    """Mark each example found or missed; return the J001 findings in no truth-set block, one
    entry per literal block (or per finding outside any block), with how the block was read."""
    by_file: dict[str, list[dict]] = {}
    for finding in report["findings"]:
        if finding["code"] not in ("J001", "J002", "J003"):
            continue
        path = Path(finding["path"])
        try:
            relative = path.resolve().relative_to(source.resolve()).as_posix()
        except ValueError:
            relative = path.as_posix()
        by_file.setdefault(relative, []).append(finding)
    used: set[int] = set()
    for example in examples:
        wanted = CODE_FOR_KIND.get(example.kind, "J001")
        hits = [
            finding
            for finding in by_file.get(example.path, [])
            if finding["code"] == wanted and example.start <= finding["line"] <= example.end
        ]
        example.found = bool(hits)
        example.found_by = [f"{f['line']}:{f['column']} {f['code']}" for f in hits]
        used.update(id(f) for f in hits)
        # any J001 inside a truth-set block is accounted for, whatever the example's kind
        used.update(
            id(f)
            for f in by_file.get(example.path, [])
            if example.start <= f["line"] <= example.end
        )
    extra: dict[tuple[str, int], dict] = {}
    for relative, findings in sorted(by_file.items()):
        for finding in findings:
            if finding["code"] != "J001" or id(finding) in used:
                continue
            block = next(
                (b for b in seen.get(relative, []) if b.start <= finding["line"] <= b.end), None
            )
            key = (relative, block.start if block else -finding["line"])
            if key not in extra:
                extra[key] = {
                    "path": relative,
                    "line": finding["line"],
                    "column": finding["column"],
                    "message": finding["message"],
                    "findings": 0,
                    "block": f"{block.start}-{block.end}" if block else "",
                    "read_as": (
                        f"{block.role}, {block.body or 'not meant to be JSON'}"
                        f"{' (' + block.why + ')' if block.why else ''}"
                        if block
                        else "outside any literal block"
                    ),
                }
            extra[key]["findings"] += 1
    return list(extra.values())


# ------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--tree", action="append", help="only this reference (repeatable)")
    parser.add_argument("--json", type=Path, help="write the truth set (and comparison) here")
    parser.add_argument("--compare", action="store_true", help="compare with envelint's J001")
    parser.add_argument(
        "--reports", type=Path, help="envelint JSON reports <tree>.json (read, or written)"
    )
    parser.add_argument(
        "--include-held-out",
        action="store_true",
        help="also list the held-out references' truth set (never with --compare)",
    )
    args = parser.parse_args(argv)
    if args.compare and args.include_held_out:
        parser.error("--include-held-out lists nothing with --compare: held-out stay counts only")

    output: dict = {"criteria": "tools/non_json_examples.py docstring", "trees": {}}
    totals: Counter = Counter()
    rows = []
    for tree, source in corpus_trees(args.corpus, args.tree):
        examples, counts, seen = scan_tree(tree, source)
        held_out = tree in HELD_OUT
        kinds = Counter(example.kind for example in examples)
        entry: dict = {
            "held_out": held_out,
            "blocks": dict(counts),
            "truth": len(examples),
            "kinds": dict(kinds),
        }
        shown = not held_out or args.include_held_out
        if shown and not args.compare:
            for example in examples:
                print(f"{tree}/{example.path}:{example.line}: [{example.kind}] {example.reason}")
        if args.compare:
            report = lint_report(tree, source, args.reports)
            extra = compare_tree(tree, source, examples, report, seen)
            found = sum(1 for example in examples if example.found)
            entry.update(found=found, missed=len(examples) - found)
            if not held_out:
                entry["missed_examples"] = [asdict(e) for e in examples if not e.found]
                entry["extra_j001"] = extra
                for example in examples:
                    if not example.found:
                        print(
                            f"MISSED {tree}/{example.path}:{example.line}: [{example.kind}] "
                            f"{example.reason} (block {example.start}-{example.end})"
                        )
                for finding in extra:
                    print(
                        f"EXTRA J001 {tree}/{finding['path']}:{finding['line']}:"
                        f"{finding['column']}: {finding['message'][:80]} "
                        f"[{finding['findings']} J001 in block {finding['block']}; "
                        f"read as {finding['read_as'][:90]}]"
                    )
            else:
                entry["extra_j001"] = len(extra)
            totals.update(found=found, extra=len(extra))
        if shown and not (args.compare and held_out):
            entry["examples"] = [asdict(example) for example in examples]
        output["trees"][tree] = entry
        totals.update(truth=len(examples), responses=counts["response"])
        rows.append((tree, held_out, counts, entry))

    print()
    header = f"{'reference':38} {'responses':>9} {'JSON-meant':>10} {'truth':>5}"
    if args.compare:
        header += f" {'found':>5} {'missed':>6} {'recall':>7} {'extra J001':>10}"
    print(header)
    for tree, held_out, counts, entry in rows:
        name = tree + (" (held out)" if held_out else "")
        line = (
            f"{name:38} {counts['response']:>9} {counts['response, meant to be JSON']:>10} "
            f"{entry['truth']:>5}"
        )
        if args.compare:
            recall = f"{entry['found'] / entry['truth']:.1%}" if entry["truth"] else "-"
            extra = entry["extra_j001"] if held_out else len(entry["extra_j001"])
            line += f" {entry['found']:>5} {entry['missed']:>6} {recall:>7} {extra:>10}"
        print(line)
    total = f"{'total':38} {totals['responses']:>9} {'':>10} {totals['truth']:>5}"
    if args.compare:
        recall = f"{totals['found'] / totals['truth']:.1%}" if totals["truth"] else "-"
        total += (
            f" {totals['found']:>5} {totals['truth'] - totals['found']:>6} {recall:>7}"
            f" {totals['extra']:>10}"
        )
    print(total)
    if args.json:
        args.json.write_text(json.dumps(output, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
