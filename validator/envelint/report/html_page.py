"""The HTML report's fixed parts: its style, its script, and the inline SVG bar chart."""

from __future__ import annotations

import html

CHART_WIDTH = 520
LABEL_WIDTH = 230
BAR_HEIGHT = 16
BAR_GAP = 4
LABEL_CHARS = 34


def bar_chart(items: list[tuple[str, int]]) -> str:
    """A horizontal bar per (label, count), largest first, as inline SVG."""
    if not items:
        return ""
    largest = max(count for _, count in items) or 1
    room = CHART_WIDTH - LABEL_WIDTH - 60
    height = len(items) * (BAR_HEIGHT + BAR_GAP)
    bars = []
    for row, (label, count) in enumerate(items):
        y = row * (BAR_HEIGHT + BAR_GAP)
        width = max(1, round(room * count / largest))
        shown = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "\u2026"
        bars.append(
            f"<g><title>{html.escape(label)}: {count}</title>"
            f"<text x='{LABEL_WIDTH - 6}' y='{y + BAR_HEIGHT - 4}' text-anchor='end'>"
            f"{html.escape(shown)}</text>"
            f"<rect x='{LABEL_WIDTH}' y='{y}' width='{width}' height='{BAR_HEIGHT}'></rect>"
            f"<text x='{LABEL_WIDTH + width + 4}' y='{y + BAR_HEIGHT - 4}'>{count}</text></g>"
        )
    return (
        f"<svg class='chart' role='img' width='{CHART_WIDTH}' height='{height}' "
        f"viewBox='0 0 {CHART_WIDTH} {height}' xmlns='http://www.w3.org/2000/svg'>"
        + "".join(bars)
        + "</svg>"
    )


PAGE_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:0 2em 3em;color:#1d1d1f;background:#fff}
h1{font-size:1.4em;margin:.8em 0 .2em}h2{font-size:1.15em;margin:.6em 0}
h3{font-size:1em}code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}
.meta{color:#555;margin:0 0 1em}.sev{margin-right:.6em;font-weight:600}
.sev.s3{color:#b00020}.sev.s2{color:#9a5b00}.sev.s1{color:#1a5fb4}
#charts{display:flex;flex-wrap:wrap;gap:2em}figure{margin:0}
figcaption{font-weight:600;margin-bottom:.3em}
.chart text{font:11px system-ui,sans-serif;fill:#333}.chart rect{fill:#4a7bd0}
#groups{display:flex;flex-wrap:wrap;gap:2em;align-items:flex-start}
#groups>div{max-height:22em;overflow:auto}
table{border-collapse:collapse}th,td{padding:2px 8px;border-bottom:1px solid #e3e3e3;
text-align:left;vertical-align:top}th{background:#f4f4f6}#groups th{position:sticky;top:0}
td.n{text-align:right;font-variant-numeric:tabular-nums}
tr[data-filter]{cursor:pointer}tr[data-filter]:hover{background:#eef3fd}
#coverage summary h2{display:inline}#coverage table{margin-bottom:1em}
.st-never-exercised td{color:#777}.st-exercised-with-findings td:nth-child(5){color:#b00020}
.st-exercised td:nth-child(5){color:#2a7d2a}.st-undocumented-status td:nth-child(5){color:#9a5b00}
#filters{display:flex;flex-wrap:wrap;gap:1em;align-items:center;margin:.5em 0}
#filters select{max-width:28em}
.pager{display:flex;gap:.5em;align-items:center;margin:.4em 0}
#findings-list{list-style:none;padding:0;margin:0}
.finding{border:1px solid #ddd;border-left:4px solid #999;border-radius:4px;margin:.5em 0;
padding:.4em .7em}.finding.s3{border-left-color:#b00020}.finding.s2{border-left-color:#d08a00}
.finding.s1{border-left-color:#1a5fb4}.finding .head{font-weight:600;color:#1d1d1f}
.finding .code{font-family:ui-monospace,monospace;background:#f0f0f3;padding:0 4px;
border-radius:3px;margin-right:.4em}.finding .where{color:#555;font-size:12.5px}
.excerpt{background:#f7f7f9;padding:.3em .5em;overflow-x:auto;margin:.3em 0}
.excerpt mark{background:#ffd7d7;color:inherit}.excerpt .gutter{color:#888}
.doc{border-left:3px solid #4a7bd0;padding-left:.5em;margin:.3em 0}
.doc pre{margin:.2em 0;white-space:pre-wrap}.hint{color:#555}
.group-head{font-weight:700;margin:1em 0 .2em;padding:.2em 0;border-bottom:2px solid #ccc}
"""

PAGE_SCRIPT = r"""
(function () {
  "use strict";
  var rows = JSON.parse(document.getElementById("findings").textContent);
  var t = JSON.parse(document.getElementById("tables").textContent);
  var SEV = {3: "error", 2: "warning", 1: "info"};
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function fill(select, labels) {
    labels.map(function (label, i) { return [label, i]; })
      .sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; })
      .forEach(function (pair) {
        var option = el("option", null, pair[0]);
        option.value = String(pair[1]);
        select.appendChild(option);
      });
  }
  fill($("f-rule"), t.codes.map(function (c) { return c[0] + " " + c[1]; }));
  fill($("f-operation"), t.operations);
  var shown = [], page = 0, size = t.pageSize;

  function groupKey(i) {
    var by = $("f-group").value;
    if (by === "operation") return t.operations[rows[i][6]];
    if (by === "rule") return t.codes[rows[i][0]].join(" ");
    return null;
  }
  function apply() {
    var rule = $("f-rule").value, sev = $("f-severity").value, op = $("f-operation").value;
    var r = rule === "" ? -1 : +rule, s = sev === "" ? -1 : +sev, o = op === "" ? -1 : +op;
    shown = [];
    for (var i = 0; i < rows.length; i++) {
      var f = rows[i];
      if ((r < 0 || f[0] === r) && (s < 0 || f[1] === s) && (o < 0 || f[6] === o)) shown.push(i);
    }
    if ($("f-group").value) {
      var keys = {};
      shown.forEach(function (i) { keys[i] = groupKey(i); });
      shown.sort(function (a, b) {
        return keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b;
      });
    }
    page = 0;
    render();
  }
  function counts() {
    var by = {};
    if (!$("f-group").value) return by;
    shown.forEach(function (i) { var k = groupKey(i); by[k] = (by[k] || 0) + 1; });
    return by;
  }
  function excerpt(f) {
    var ex = f[8];
    if (!ex || ex.length < 3) return null;
    var text = ex[0], start = ex[1], end = ex[2];
    var pre = el("pre", "excerpt");
    var gutter = String(f[4]) + " | ";
    pre.appendChild(el("span", "gutter", gutter));
    pre.appendChild(document.createTextNode(text.slice(0, start)));
    pre.appendChild(el("mark", null, text.slice(start, end) || " "));
    pre.appendChild(document.createTextNode(text.slice(end) + "\n"));
    var caret = Array(gutter.length + 1).join(" ") + Array(start + 1).join(" ")
      + "^" + Array(Math.max(1, end - start)).join("~") + " column " + f[5];
    pre.appendChild(el("span", "gutter", caret));
    return pre;
  }
  function item(i) {
    var f = rows[i], code = t.codes[f[0]];
    var li = el("li", "finding s" + f[1]);
    li.setAttribute("data-index", String(i));
    var head = el("div", "head");
    head.appendChild(el("span", "code", code[0]));
    head.appendChild(el("span", "sev s" + f[1], SEV[f[1]]));
    head.appendChild(document.createTextNode(f[2].split("\n")[0]));
    li.appendChild(head);
    var where = t.paths[f[3]] + ":" + f[4] + ":" + f[5] + " \u00b7 " + t.operations[f[6]]
      + " \u00b7 " + code[1] + (f[9] !== null ? " \u00b7 pointer " + (f[9] || "(root)") : "");
    li.appendChild(el("div", "where", where));
    var pre = excerpt(f);
    if (pre) li.appendChild(pre);
    if (f[7] >= 0) {
      var doc = el("div", "doc"), d = t.docs[f[7]];
      doc.appendChild(el("div", null, "documented at " + d[0]));
      if (d[1]) doc.appendChild(el("pre", null, d[1]));
      li.appendChild(doc);
    }
    if (f[10]) li.appendChild(el("div", "hint", "hint: " + f[10]));
    return li;
  }
  function pager(nav, pages) {
    nav.textContent = "";
    function button(label, target, disabled) {
      var b = el("button", null, label);
      b.type = "button";
      b.disabled = disabled;
      b.addEventListener("click", function () { page = target; render(); });
      nav.appendChild(b);
    }
    button("\u00ab first", 0, page === 0);
    button("\u2039 previous", page - 1, page === 0);
    nav.appendChild(el("span", "page", "page " + (page + 1) + " of " + pages));
    button("next \u203a", page + 1, page >= pages - 1);
    button("last \u00bb", pages - 1, page >= pages - 1);
  }
  function render() {
    var list = $("findings-list"), pages = Math.max(1, Math.ceil(shown.length / size));
    list.textContent = "";
    var groups = counts(), last = null;
    var slice = shown.slice(page * size, (page + 1) * size);
    slice.forEach(function (i) {
      var key = groupKey(i);
      if (key !== null && key !== last) {
        list.appendChild(el("li", "group-head", key + " \u2014 " + groups[key] + " findings"));
        last = key;
      }
      list.appendChild(item(i));
    });
    $("shown").textContent = shown.length + " of " + rows.length + " findings";
    var navs = document.querySelectorAll(".pager");
    for (var n = 0; n < navs.length; n++) pager(navs[n], pages);
  }
  ["f-rule", "f-severity", "f-operation", "f-group"].forEach(function (id) {
    $(id).addEventListener("change", apply);
  });
  $("f-clear").addEventListener("click", function () {
    ["f-rule", "f-severity", "f-operation", "f-group"].forEach(function (id) { $(id).value = ""; });
    apply();
  });
  var filterRows = document.querySelectorAll("tr[data-filter]");
  for (var k = 0; k < filterRows.length; k++) {
    filterRows[k].addEventListener("click", function () {
      $("f-" + this.getAttribute("data-filter")).value = this.getAttribute("data-value");
      apply();
      $("list").scrollIntoView();
    });
  }
  apply();
  document.body.setAttribute("data-ready", "true");
})();
"""
